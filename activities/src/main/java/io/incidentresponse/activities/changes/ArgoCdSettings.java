package io.incidentresponse.activities.changes;

import static io.incidentresponse.activities.SettingChecks.baseUrl;
import static io.incidentresponse.activities.SettingChecks.positive;

import java.time.Duration;
import java.util.Map;

/**
 * How to reach ArgoCD and which application deploys which service.
 *
 * @param url the ArgoCD server's base URL, e.g. {@code https://argocd.example.com}; the integration
 *     is configured when it is not blank
 * @param token an ArgoCD API token (account or project token), sent as {@code Authorization:
 *     Bearer}; never printed
 * @param applications service name to ArgoCD application name; a service not listed is looked up
 *     under its own name
 * @param window how far before the end of the diagnosis window a deploy counts as recent; default 1
 *     h
 */
public record ArgoCdSettings(
    String url, String token, Map<String, String> applications, Duration window) {

  public ArgoCdSettings {
    url = baseUrl("incident.argocd.url", url);
    applications = applications == null ? Map.of() : Map.copyOf(applications);
    window = positive("incident.argocd.window", window, Duration.ofHours(1));
  }

  public boolean configured() {
    return !blank(url);
  }

  /** The ArgoCD application of {@code service}. */
  public String application(String service) {
    String app = applications.get(service);
    return blank(app) ? service : app;
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "ArgoCdSettings[url="
        + url
        + ", token="
        + (blank(token) ? "(none)" : "(set)")
        + ", applications="
        + applications
        + ", window="
        + window
        + "]";
  }
}
