package io.incidentresponse.activities.statuspage;

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
            : apiUrl.replaceAll("/+$", "");
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
