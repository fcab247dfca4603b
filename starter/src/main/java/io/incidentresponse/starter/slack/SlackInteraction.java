package io.incidentresponse.starter.slack;

import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.workflows.communication.ApprovalButtonContract;
import io.incidentresponse.workflows.communication.PageButtonContract;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A click on an approval request's Approve or Reject button, or on a page's Acknowledge button,
 * read from Slack's {@code block_actions} payload (form field {@code payload}). The buttons are
 * made by the worker's {@code SlackChatActivities} ({@code activities/.../slack/ApprovalButtons}):
 * action ids {@value #APPROVE} and {@value #REJECT}, value {@code
 * {"incidentId":"...","actionId":"..."}} (see {@link ApprovalButtonContract}).
 *
 * @param decision approve or reject
 * @param userId the Slack user who clicked
 * @param incidentId the incident (workflow id) from the button's value
 * @param actionId the action from the button's value
 * @param responseUrl where the outcome goes (checked by {@link SlackReplies} before use)
 * @param message the message the button is on, as Slack sent it (its blocks and text), or null
 * @param paged for a page's Acknowledge button ({@link PageButtonContract}): who was paged at which
 *     level; else null (and {@code actionId} is null for an Acknowledge)
 */
public record SlackInteraction(
    Decision decision,
    String userId,
    String incidentId,
    String actionId,
    String responseUrl,
    JsonNode message,
    Paged paged) {

  /**
   * The page an Acknowledge button is on.
   *
   * @param level the escalation level paged
   * @param person the roster id of the person paged, or null (did not fit the button)
   * @param slackUserId the Slack user the page was sent to, or null
   */
  public record Paged(int level, String person, String slackUserId) {}

  static final String APPROVE = ApprovalButtonContract.APPROVE;
  static final String REJECT = ApprovalButtonContract.REJECT;
  static final String ACKNOWLEDGE = PageButtonContract.ACKNOWLEDGE;

  /** Slack's cap on a button's value. */
  static final int MAX_VALUE = 2000;

  /** Longest incident or action id taken from a button. */
  static final int MAX_ID = 200;

  /** Longest response_url taken (Slack's are about 100 characters). */
  static final int MAX_URL = 1000;

  private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,30}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");

  /** What the button asks for; {@link #word()} is the proof's decision. */
  public enum Decision {
    APPROVE("approve"),
    REJECT("reject"),
    ACKNOWLEDGE("acknowledge");

    private final String word;

    Decision(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  @Override
  public String toString() {
    // the response_url lets anyone post into the channel for 30 minutes: never printed
    return "SlackInteraction["
        + decision
        + " "
        + (paged == null ? actionId : "page level " + paged.level())
        + " of "
        + incidentId
        + " by "
        + userId
        + "]";
  }

  /**
   * The click in a signed form body, or empty when the payload is something else Slack sends the
   * app (another type, another button). Throws {@link BadInputException} (400 or 422, naming the
   * field) when the payload is malformed or its values are out of bounds.
   */
  public static Optional<SlackInteraction> parse(byte[] body, JsonMapper json) {
    JsonNode payload = payload(body, json);
    if (!"block_actions".equals(payload.path("type").asString(""))) {
      return Optional.empty();
    }
    JsonNode button = null;
    Decision decision = null;
    for (JsonNode action : payload.path("actions")) {
      String id = action.path("action_id").asString("");
      if (APPROVE.equals(id) || REJECT.equals(id) || ACKNOWLEDGE.equals(id)) {
        button = action;
        decision =
            APPROVE.equals(id)
                ? Decision.APPROVE
                : REJECT.equals(id) ? Decision.REJECT : Decision.ACKNOWLEDGE;
        break;
      }
    }
    if (button == null) {
      return Optional.empty();
    }
    String userId = text(payload.path("user"), "id", "user.id", 32);
    if (!USER_ID.matcher(userId).matches()) {
      throw BadInputException.invalid("user.id", "user.id is not a Slack user id");
    }
    String responseUrl = text(payload, "response_url", "response_url", MAX_URL);
    JsonNode value = value(button, json);
    String incidentId = id(value, ApprovalButtonContract.INCIDENT_ID);
    JsonNode message = payload.path("message").isObject() ? payload.get("message") : null;
    if (decision == Decision.ACKNOWLEDGE) {
      return Optional.of(
          new SlackInteraction(
              decision, userId, incidentId, null, responseUrl, message, paged(value)));
    }
    String actionId = id(value, ApprovalButtonContract.ACTION_ID);
    return Optional.of(
        new SlackInteraction(decision, userId, incidentId, actionId, responseUrl, message, null));
  }

  /** Who a page's button says was paged; the person and user are optional, bounded when given. */
  private static Paged paged(JsonNode value) {
    JsonNode level = value.path(PageButtonContract.LEVEL);
    if (!level.isInt() || level.intValue() < 0) {
      throw BadInputException.invalid(
          "actions[].value." + PageButtonContract.LEVEL, "level is not a level number");
    }
    String person =
        value.has(PageButtonContract.PERSON)
            ? text(value, PageButtonContract.PERSON, "actions[].value.person", MAX_ID)
            : null;
    String slackUser =
        value.has(PageButtonContract.SLACK_USER_ID)
            ? text(value, PageButtonContract.SLACK_USER_ID, "actions[].value.slackUserId", 32)
            : null;
    return new Paged(level.intValue(), person, slackUser);
  }

  private static JsonNode payload(byte[] body, JsonMapper json) {
    String form = new String(body, StandardCharsets.UTF_8);
    String payload = null;
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      if ("payload".equals(name)) {
        if (payload != null) {
          throw new BadInputException(HttpStatus.BAD_REQUEST, "payload", "payload given twice");
        }
        payload = eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    if (payload == null || payload.isBlank()) {
      throw BadInputException.missing("payload");
    }
    try {
      JsonNode tree = json.readTree(payload);
      if (tree == null || !tree.isObject()) {
        throw BadInputException.invalid("payload", "payload is not a JSON object");
      }
      return tree;
    } catch (JacksonException e) {
      throw new BadInputException(HttpStatus.BAD_REQUEST, "payload", "payload is not JSON");
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          HttpStatus.BAD_REQUEST, "payload", "the form body is not URL-encoded");
    }
  }

  private static JsonNode value(JsonNode button, JsonMapper json) {
    String value = text(button, "value", "actions[].value", MAX_VALUE);
    try {
      JsonNode tree = json.readTree(value);
      if (tree != null && tree.isObject()) {
        return tree;
      }
    } catch (JacksonException notJson) {
      // refused below
    }
    throw BadInputException.invalid(
        "actions[].value", "the button's value is not {\"incidentId\":...,\"actionId\":...}");
  }

  private static String id(JsonNode value, String name) {
    String id = text(value, name, "actions[].value." + name, MAX_ID);
    if (!ID.matcher(id).matches()) {
      throw BadInputException.invalid(
          "actions[].value." + name, name + " has characters no incident or action id has");
    }
    return id;
  }

  /** A required string field, at most {@code max} characters. */
  private static String text(JsonNode node, String name, String field, int max) {
    JsonNode value = node.path(name);
    if (!value.isString() || value.stringValue().isBlank()) {
      throw BadInputException.missing(field);
    }
    String text = value.stringValue().trim();
    if (text.length() > max) {
      throw BadInputException.invalid(field, field + " is longer than " + max + " characters");
    }
    return text;
  }
}
