package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Without a signing secret the Slack endpoint takes nothing, however the request is signed. */
class SlackInteractionsOffIT extends StarterIT {

  @Test
  void withoutASigningSecret_aClickIs404NamingTheSetting_andNothingHappens() {
    String id = declare("slack-off", "P2");
    SlackClicks clicks = new SlackClicks(port, json);
    String body =
        clicks.body("U0ALICE", "incident-approve", id, "rollback-1", "https://hooks.slack.com/a");

    JsonNode problem =
        problem(clicks.post(body, "any-secret-at-all-0123456789", Instant.now()), 404);

    assertThat(problem.get("detail").asString())
        .contains("incident.slack.interactions.signing-secrets");
    assertThat(incident(id).state().actions).isEmpty();
  }
}
