package io.incidentresponse.starter.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackInteractionPropertiesTest {
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  @Test
  void withoutASecret_theEndpointIsOff() {
    SlackInteractionProperties none =
        new SlackInteractionProperties(List.of("", " "), null, null, null, "", "", "");

    assertThat(none.enabled()).isFalse();
    assertThat(none.botToken()).isNull();
    assertThat(none.responseUrlBase()).isNull();
  }

  @Test
  void toString_showsNoSecretAndNoToken() {
    String text =
        new SlackInteractionProperties(
                List.of(SECRET), Map.of(), Map.of(), Map.of(), "xoxb-1234-secret", null, null)
            .toString();

    assertThat(text).doesNotContain(SECRET).doesNotContain("xoxb-1234-secret").contains("****");
  }

  @Test
  void usersEmailsAndRoles_areFoundWhateverTheirCase() {
    SlackInteractionProperties properties =
        new SlackInteractionProperties(
            List.of(SECRET),
            Map.of("u012abcdef", "alice"), // as an environment variable delivers it
            Map.of("Bob@Example.com", "bob"),
            Map.of("Alice", List.of("APPROVER_HIGH", "responder")),
            null,
            null,
            null);

    assertThat(properties.personOfUser("U012ABCDEF")).isEqualTo("alice");
    assertThat(properties.personOfEmail("bob@example.COM")).isEqualTo("bob");
    assertThat(properties.rolesOf("alice")).containsExactly("approver-high", "responder");
    assertThat(properties.rolesOf("bob")).isEmpty();
    assertThat(properties.personOfUser("U999")).isNull();
  }

  @Test
  void anUnknownRole_orAShortSecret_orABadBase_isRefusedNamingTheProperty() {
    assertThatThrownBy(
            () ->
                new SlackInteractionProperties(
                    List.of(SECRET),
                    null,
                    null,
                    Map.of("alice", List.of("root")),
                    null,
                    null,
                    null))
        .hasMessageContaining("incident.slack.interactions.roles.alice")
        .hasMessageContaining("root");
    assertThatThrownBy(
            () ->
                new SlackInteractionProperties(
                    List.of("short"), null, null, null, null, null, null))
        .hasMessageContaining("incident.slack.interactions.signing-secrets")
        .hasMessageNotContaining("tiny-pw");
    assertThatThrownBy(
            () ->
                new SlackInteractionProperties(
                    List.of(SECRET), null, null, null, null, null, "ftp://x/"))
        .hasMessageContaining("incident.slack.interactions.response-url-base");
  }
}
