package io.incidentresponse.workflows.maintenance;

import java.util.List;

/**
 * What a maintenance does besides silencing alerts. The starter fills it from the policy and the
 * request; a maintenance started without it (before these options existed) only silences.
 *
 * @param announce put a scheduled maintenance on the public status page (Atlassian Statuspage, or
 *     the generic status-page webhook) for its duration, completed when it ends
 * @param components the status-page components under maintenance (the policy's {@code
 *     statusPageComponent} of the service, or of every service for {@code all}); may be empty
 * @param namespace the Kubernetes namespace of the service, for the traffic switch
 * @param backendSelector when set, the service's Kubernetes Service is pointed at the pods of this
 *     label selector ({@code app=maintenance-page}) while the maintenance lasts and back at its own
 *     selector when it ends, through the same guarded action as an incident's traffic redirect
 * @param dryRun report the traffic switch without making it
 */
public record MaintenanceOptions(
    boolean announce,
    List<String> components,
    String namespace,
    String backendSelector,
    boolean dryRun) {

  public MaintenanceOptions {
    components = components == null ? List.of() : List.copyOf(components);
  }

  /** Nothing besides the silence. */
  public static MaintenanceOptions none() {
    return new MaintenanceOptions(false, List.of(), null, null, false);
  }

  public boolean switchesTraffic() {
    return backendSelector != null && !backendSelector.isBlank();
  }
}
