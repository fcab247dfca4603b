package io.incidentresponse.activities.alertmanager;

import static io.incidentresponse.activities.SettingChecks.baseUrl;

/**
 * How to reach Alertmanager's v2 API for maintenance silences.
 *
 * @param url Alertmanager's base URL, e.g. {@code http://alertmanager:9093}; configured when set
 * @param bearerToken sent as {@code Authorization: Bearer} when set (a proxy in front); never
 *     printed
 * @param serviceLabel the alert label that names the service; default {@code service}
 */
public record AlertmanagerSettings(String url, String bearerToken, String serviceLabel) {

  public AlertmanagerSettings {
    url = baseUrl("incident.alertmanager.url", url);
    serviceLabel = blank(serviceLabel) ? "service" : serviceLabel.trim();
  }

  public boolean configured() {
    return !blank(url);
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "AlertmanagerSettings[url="
        + url
        + ", bearerToken="
        + (blank(bearerToken) ? "(none)" : "(set)")
        + ", serviceLabel="
        + serviceLabel
        + "]";
  }
}
