package io.incidentresponse.starter;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Clicks on an approval request's buttons as Slack delivers them: the stored {@code block_actions}
 * payload (the shape in Slack's documentation) with the user, button and response_url filled in,
 * form-encoded as {@code payload=...} and signed with a secret at a chosen time.
 */
final class SlackClicks {
  private final String base;
  private final JsonMapper json;

  SlackClicks(int port, JsonMapper json) {
    this.base = "http://127.0.0.1:" + port;
    this.json = json;
  }

  /** The form body Slack would send for {@code userId} clicking {@code button}. */
  String body(
      String userId, String button, String incidentId, String actionId, String responseUrl) {
    ObjectNode value = json.createObjectNode();
    value.put("incidentId", incidentId);
    value.put("actionId", actionId);
    return body(userId, button, json.writeValueAsString(value), responseUrl);
  }

  /** The same with the button's value as given, e.g. a hostile one. */
  String body(String userId, String button, String value, String responseUrl) {
    String template =
        Http.payload("slack-block-actions.json")
            .replace("USER_ID", userId)
            .replace("BUTTON_ACTION_ID", button)
            .replace("RESPONSE_URL", responseUrl);
    ObjectNode payload = (ObjectNode) json.readTree(template);
    ((ObjectNode) payload.get("actions").get(0)).put("value", value);
    payload
        .get("message")
        .get("blocks")
        .get(1)
        .get("elements")
        .forEach(b -> ((ObjectNode) b).put("value", value));
    return "payload=" + URLEncoder.encode(json.writeValueAsString(payload), StandardCharsets.UTF_8);
  }

  static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "v0="
          + HexFormat.of()
              .formatHex(
                  mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code body} signed with {@code secret} at {@code at}, posted as Slack posts it. */
  HttpResponse<String> post(String body, String secret, Instant at) {
    long timestamp = at.getEpochSecond();
    return postWithHeaders(body, "" + timestamp, sign(secret, timestamp, body));
  }

  /** {@code body} with the headers as given (null: left out). */
  HttpResponse<String> postWithHeaders(String body, String timestamp, String signature) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/api/slack/interactions"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timestamp != null) {
      request.header("X-Slack-Request-Timestamp", timestamp);
    }
    if (signature != null) {
      request.header("X-Slack-Signature", signature);
    }
    return Http.send(request.build());
  }
}
