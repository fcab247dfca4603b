package io.incidentresponse.activities.statuspage;

import static io.incidentresponse.activities.SettingChecks.blank;
import static io.incidentresponse.activities.SettingChecks.httpUrl;

import okhttp3.HttpUrl;

/**
 * Any status page other than Atlassian Statuspage, reached by a webhook ({@link
 * WebhookStatusPageActivities}); bound from {@code incident.statuspage.webhook-url} and {@code
 * .webhook-token}, beside {@link StatuspageSettings}, which wins when it is configured.
 *
 * @param webhookUrl where each change is POSTed, an absolute http(s) URL; the integration is
 *     configured when it is not blank. Printed without its path and query, which may carry a secret
 * @param webhookToken sent as {@code Authorization: Bearer} when not blank; optional; never printed
 */
public record WebhookStatusPageSettings(String webhookUrl, String webhookToken) {

  public WebhookStatusPageSettings {
    webhookUrl = httpUrl("incident.statuspage.webhook-url", webhookUrl);
    webhookToken = blank(webhookToken) ? null : webhookToken.strip();
  }

  public boolean configured() {
    return webhookUrl != null;
  }

  /** Never prints the token, nor the URL's path and query. */
  @Override
  public String toString() {
    return "WebhookStatusPageSettings[webhookUrl="
        + (webhookUrl == null ? "(none)" : origin(webhookUrl) + "/…")
        + ", webhookToken="
        + (webhookToken == null ? "(none)" : "(set)")
        + "]";
  }

  private static String origin(String url) {
    HttpUrl parsed = HttpUrl.get(url);
    return parsed.scheme()
        + "://"
        + parsed.host()
        + (parsed.port() == HttpUrl.defaultPort(parsed.scheme()) ? "" : ":" + parsed.port());
  }
}
