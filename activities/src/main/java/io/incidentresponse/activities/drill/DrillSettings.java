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

  /**
   * The demo URL for {@code service} in {@code namespace}. A value put into the URL must be a DNS
   * label (what Kubernetes allows for a Service name): a name like {@code evil.example:80} would
   * otherwise send the admin token to another host.
   *
   * @throws IllegalArgumentException when a value the template uses is not a DNS label
   */
  public String demoUrl(String service, String namespace) {
    return demoUrl
        .replace("{service}", label("service", service, demoUrl.contains("{service}")))
        .replace("{namespace}", label("namespace", namespace, demoUrl.contains("{namespace}")));
  }

  private static String label(String what, String value, boolean used) {
    if (used && (value == null || !value.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"))) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is not a DNS label: it cannot go into incident.drill.demo-url");
    }
    return value == null ? "" : value;
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
