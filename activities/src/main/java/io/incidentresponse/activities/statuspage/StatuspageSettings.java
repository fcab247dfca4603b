package io.incidentresponse.activities.statuspage;

import static io.incidentresponse.activities.SettingChecks.baseUrl;

/**
 * Atlassian Statuspage (API v1).
 *
 * @param apiKey API key; never logged
 * @param pageId the status page's id
 * @param apiUrl API base URL
 */
public record StatuspageSettings(String apiKey, String pageId, String apiUrl) {
  public StatuspageSettings {
    apiUrl =
        apiUrl == null || apiUrl.isBlank()
            ? "https://api.statuspage.io"
            : baseUrl("incident.statuspage.api-url", apiUrl);
  }

  public boolean configured() {
    return apiKey != null && !apiKey.isBlank() && pageId != null && !pageId.isBlank();
  }

  @Override
  public String toString() {
    return "StatuspageSettings[apiKey="
        + (configured() ? "(set)" : "(none)")
        + ", pageId="
        + pageId
        + "]";
  }
}
