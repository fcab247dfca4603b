package io.incidentresponse.starter.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.starter.webhook.BadInputException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reading a signed interaction payload: only our buttons count, and every value is bounded. */
class SlackInteractionTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static String payload(String type, String user, String actionId, String value) {
    return "{\"type\":\""
        + type
        + "\",\"user\":{\"id\":\""
        + user
        + "\"},\"response_url\":\"https://hooks.slack.com/actions/T0/1/a\","
        + "\"message\":{\"text\":\"Approval needed\",\"blocks\":[]},"
        + "\"actions\":[{\"action_id\":\""
        + actionId
        + "\",\"type\":\"button\",\"value\":"
        + JSON.writeValueAsString(value)
        + "}]}";
  }

  private static byte[] form(String payload) {
    return ("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Optional<SlackInteraction> parse(byte[] body) {
    return SlackInteraction.parse(body, JSON);
  }

  private static final String IDS =
      "{\"incidentId\":\"incident-checkout-1a2b\",\"actionId\":\"rollback-1\"}";

  @Test
  void approveAndRejectButtons_areRead() {
    SlackInteraction approve =
        parse(form(payload("block_actions", "U0ALICE", "incident-approve", IDS))).orElseThrow();
    SlackInteraction reject =
        parse(form(payload("block_actions", "W0ALICE", "incident-reject", IDS))).orElseThrow();

    assertThat(approve.decision()).isEqualTo(SlackInteraction.Decision.APPROVE);
    assertThat(approve.userId()).isEqualTo("U0ALICE");
    assertThat(approve.incidentId()).isEqualTo("incident-checkout-1a2b");
    assertThat(approve.actionId()).isEqualTo("rollback-1");
    assertThat(approve.message().path("text").asString()).isEqualTo("Approval needed");
    assertThat(reject.decision()).isEqualTo(SlackInteraction.Decision.REJECT);
    assertThat(approve.toString()).doesNotContain("hooks.slack.com");
  }

  @Test
  void otherInteractions_areNothingToDo() {
    assertThat(parse(form(payload("view_submission", "U0ALICE", "incident-approve", IDS))))
        .isEmpty();
    assertThat(parse(form(payload("block_actions", "U0ALICE", "some-other-button", IDS))))
        .isEmpty();
  }

  @Test
  void malformedBodies_areRefusedNamingThePayload() {
    String good = payload("block_actions", "U0ALICE", "incident-approve", IDS);

    assertField(() -> parse("token=x".getBytes(StandardCharsets.UTF_8)), "payload");
    assertField(() -> parse("payload=%zz".getBytes(StandardCharsets.UTF_8)), "payload");
    assertField(() -> parse(form("[1,2]")), "payload");
    assertField(() -> parse(form("{not json")), "payload");
    byte[] twice =
        ("payload=" + URLEncoder.encode(good, StandardCharsets.UTF_8) + "&payload=x")
            .getBytes(StandardCharsets.UTF_8);
    assertField(() -> parse(twice), "payload");
  }

  /** An approve click by U0ALICE whose button carries {@code value}. */
  private static Optional<SlackInteraction> approveWithValue(String value) {
    return parse(form(payload("block_actions", "U0ALICE", "incident-approve", value)));
  }

  @Test
  void outOfBoundValues_areRefusedNamingTheField() {
    assertField(
        () -> parse(form(payload("block_actions", "alice", "incident-approve", IDS))), "user.id");
    assertField(() -> approveWithValue("not json"), "actions[].value");
    assertField(
        () -> approveWithValue("{\"incidentId\":\"x\",\"actionId\":\"" + "a".repeat(5000) + "\"}"),
        "actions[].value");
    assertField(
        () ->
            approveWithValue(
                "{\"incidentId\":\"incident-1\",\"actionId\":\"rollback-1\\n<!channel>\"}"),
        "actions[].value.actionId");
    assertField(
        () -> approveWithValue("{\"incidentId\":\"incident-1\"}"), "actions[].value.actionId");
  }

  private static void assertField(Runnable parse, String field) {
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(
            BadInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.status().is4xxClientError()).isTrue();
              assertThat(e.getMessage()).doesNotContain("aaaaaaaaaa");
            });
  }
}
