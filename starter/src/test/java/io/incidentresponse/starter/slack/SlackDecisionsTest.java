package io.incidentresponse.starter.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.starter.incident.TemporalUnavailableException;
import org.junit.jupiter.api.Test;

class SlackDecisionsTest {

  @Test
  void notSent_givenACallPastItsDeadline_saysItMayStillApplyAndNotThatNothingChanged() {
    SlackDecisions.Outcome outcome =
        SlackDecisions.notSent(
            new TemporalUnavailableException("Temporal did not answer", null, true),
            "acknowledgement");

    assertThat(outcome.text())
        .startsWith("Not confirmed")
        .contains("the acknowledgement may still be applied")
        .doesNotContain("Nothing changed");
    assertThat(outcome.decided()).isFalse();
  }

  @Test
  void notSent_givenTemporalUnreachable_saysNothingChanged() {
    SlackDecisions.Outcome outcome =
        SlackDecisions.notSent(
            new TemporalUnavailableException("Temporal is unreachable", null), "approve");

    assertThat(outcome.text()).startsWith("Not sent").contains("Nothing changed");
    assertThat(outcome.decided()).isFalse();
  }
}
