package io.incidentresponse.activities.paging;

import static io.incidentresponse.activities.SettingChecks.baseUrl;

/**
 * How to reach PagerDuty.
 *
 * @param apiToken REST API v2 token (acknowledge, note, escalate, resolve an incident)
 * @param fromEmail the PagerDuty user the REST calls act as (the API's required From header)
 * @param routingKey Events API v2 integration key, to trigger a page for an incident that did not
 *     come from PagerDuty; may be empty
 * @param apiUrl REST base URL
 * @param eventsUrl Events API base URL
 */
public record PagerDutySettings(
    String apiToken, String fromEmail, String routingKey, String apiUrl, String eventsUrl) {

  public PagerDutySettings {
    apiUrl =
        blank(apiUrl) ? "https://api.pagerduty.com" : baseUrl("incident.pagerduty.api-url", apiUrl);
    eventsUrl =
        blank(eventsUrl)
            ? "https://events.pagerduty.com"
            : baseUrl("incident.pagerduty.events-url", eventsUrl);
  }

  /** Either API is usable. */
  public boolean configured() {
    return restConfigured() || eventsConfigured();
  }

  /** The REST API v2 is usable: notes, acknowledge, escalate, resolve a PagerDuty incident. */
  public boolean restConfigured() {
    return !blank(apiToken);
  }

  /** The Events API v2 is usable: pages an incident that did not come from PagerDuty. */
  public boolean eventsConfigured() {
    return !blank(routingKey);
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** Never prints the token or the routing key. */
  @Override
  public String toString() {
    return "PagerDutySettings[apiToken="
        + (blank(apiToken) ? "(none)" : "(set)")
        + ", fromEmail="
        + fromEmail
        + ", routingKey="
        + (blank(routingKey) ? "(none)" : "(set)")
        + ", apiUrl="
        + apiUrl
        + "]";
  }
}
