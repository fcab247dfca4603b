package io.incidentresponse.activities.drill;

import static io.incidentresponse.activities.SettingChecks.blank;
import static io.incidentresponse.activities.SettingChecks.httpUrl;

/**
 * Drills on the worker ({@code incident.drill.*}). Kubernetes scenarios also need {@code
 * incident.kubernetes.enabled} and a namespace on {@code incident.mitigation.namespaces}; the stop
 * conditions need {@code incident.prometheus.url}.
 *
 * @param reportDirectory where drill reports ({@code <drill id>-<injected at>.md}) are written;
 *     default {@code ./data/drills}
 * @param demoUrl the demo service's base URL for the {@code demo-errors} scenario, e.g. {@code
 *     http://checkout:8080}; {@code {service}} and {@code {namespace}} are replaced by the drill's.
 *     Not set: the scenario is not configured
 * @param demoAdminToken its admin token ({@code Authorization: Bearer}); never printed
 */
public record DrillSettings(String reportDirectory, String demoUrl, String demoAdminToken) {
  public DrillSettings {
    reportDirectory = blank(reportDirectory) ? "./data/drills" : reportDirectory.trim();
    demoUrl = blank(demoUrl) ? null : checkedTemplate(demoUrl.strip()).replaceAll("/+$", "");
    demoAdminToken = blank(demoAdminToken) ? null : demoAdminToken.strip();
  }

  public static DrillSettings defaults() {
    return new DrillSettings(null, null, null);
  }

  public boolean demoConfigured() {
    return demoUrl != null;
  }

  /** The demo URL for {@code service} in {@code namespace}. */
  public String demoUrl(String service, String namespace) {
    return demoUrl.replace("{service}", service).replace("{namespace}", namespace);
  }

  private static String checkedTemplate(String url) {
    httpUrl("incident.drill.demo-url", url.replace("{service}", "s").replace("{namespace}", "n"));
    return url;
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "DrillSettings[reportDirectory="
        + reportDirectory
        + ", demoUrl="
        + demoUrl
        + ", demoAdminToken="
        + (demoAdminToken == null ? "(none)" : "(set)")
        + "]";
  }
}
