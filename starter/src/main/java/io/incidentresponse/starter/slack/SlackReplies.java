package io.incidentresponse.starter.slack;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers a click through the payload's {@code response_url}: the approval request is replaced by
 * itself with the outcome under it (without its buttons once the action is decided), or the person
 * who clicked is told something only they see. The URL must be Slack's ({@code
 * https://hooks.slack.com/...}) or under {@code incident.slack.interactions.response-url-base}, so
 * a signed payload cannot make the starter call anywhere else; redirects are not followed. Failures
 * are logged without the URL (it lets anyone post into the channel for 30 minutes).
 */
@Component
public class SlackReplies {
  private static final Logger log = LoggerFactory.getLogger(SlackReplies.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final String SLACK_HOST = "hooks.slack.com";

  /** The block under the request that carries the outcome; replaced by the next outcome. */
  static final String OUTCOME_BLOCK = "incident-outcome";

  /** Slack's cap on a text object. */
  private static final int MAX_TEXT = 3000;

  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final URI testBase;
  private final JsonMapper json;
  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .callTimeout(CALL_TIMEOUT)
          .followRedirects(false)
          .followSslRedirects(false)
          .build();

  public SlackReplies(SlackInteractionProperties properties, JsonMapper json) {
    this.testBase =
        properties.responseUrlBase() == null ? null : URI.create(properties.responseUrlBase());
    this.json = json;
  }

  @PreDestroy
  void stop() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** Whether {@code url} is Slack's response URL (or under the configured test base). */
  public boolean allowed(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      return false;
    }
    if (uri.getHost() == null || uri.getUserInfo() != null || uri.getRawPath() == null) {
      return false;
    }
    if ("https".equals(uri.getScheme())
        && SLACK_HOST.equals(uri.getHost().toLowerCase(Locale.ROOT))
        && (uri.getPort() == -1 || uri.getPort() == 443)) {
      return true;
    }
    return testBase != null
        && testBase.getScheme().equals(uri.getScheme())
        && testBase.getHost().equalsIgnoreCase(uri.getHost())
        && testBase.getPort() == uri.getPort()
        && uri.getRawPath().startsWith(testBase.getRawPath())
        && !uri.getRawPath().contains("/../");
  }

  /**
   * Replaces the request with itself and {@code outcome} under it; without its buttons when {@code
   * decided}, so nobody clicks an action that was approved or rejected.
   */
  public void outcome(SlackInteraction click, String outcome, boolean decided) {
    ObjectNode body = json.createObjectNode();
    body.put("replace_original", true);
    String text = text(click.message(), outcome);
    body.put("text", text);
    ArrayNode blocks = body.putArray("blocks");
    JsonNode original = click.message() == null ? null : click.message().path("blocks");
    if (original != null && original.isArray()) {
      for (JsonNode block : original) {
        String type = block.path("type").asString("");
        String id = block.path("block_id").asString("");
        if (!OUTCOME_BLOCK.equals(id) && !(decided && "actions".equals(type))) {
          blocks.add(block);
        }
      }
    }
    ObjectNode context = blocks.addObject();
    context.put("type", "context");
    context.put("block_id", OUTCOME_BLOCK);
    ObjectNode element = context.putArray("elements").addObject();
    element.put("type", "plain_text");
    element.put("text", cut(outcome));
    post(click, body);
  }

  /** Tells only the person who clicked. */
  public void onlyToThem(SlackInteraction click, String text) {
    ObjectNode body = json.createObjectNode();
    body.put("response_type", "ephemeral");
    body.put("replace_original", false);
    body.put("text", cut(text));
    post(click, body);
  }

  private static String text(JsonNode message, String outcome) {
    String original = message == null ? "" : message.path("text").asString("");
    return original.isEmpty() ? cut(outcome) : cut(outcome + "\n" + original);
  }

  private static String cut(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
  }

  /**
   * Tells only the person who typed a slash command, through its {@code response_url}: for an
   * answer that comes after the command's own 3 s.
   */
  public void ephemeral(String responseUrl, String text) {
    ObjectNode body = json.createObjectNode();
    body.put("response_type", "ephemeral");
    body.put("text", cut(text));
    post(responseUrl, "a slash command", body);
  }

  private void post(SlackInteraction click, ObjectNode body) {
    post(click.responseUrl(), String.valueOf(click), body);
  }

  private void post(String url, String what, ObjectNode body) {
    if (!allowed(url)) {
      // checked before the request was accepted; a second look costs nothing
      log.warn("not answering {}: its response_url is not Slack's", what);
      return;
    }
    Request request =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create(json.writeValueAsString(body), JSON))
            .build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        log.warn("Slack refused the answer to {}: HTTP {}", what, response.code());
      }
    } catch (IOException e) {
      log.warn("could not answer {} in Slack: {}", what, e.getClass().getSimpleName());
    }
  }
}
