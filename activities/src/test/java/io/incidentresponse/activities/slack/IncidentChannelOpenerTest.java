package io.incidentresponse.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.Conversation;
import com.slack.api.model.Purpose;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The purpose and topic the opener writes, and how it reads an incident's marker back. */
class IncidentChannelOpenerTest {

  private static IncidentBrief brief(String title, String commander) {
    return new IncidentBrief(
        "incident-checkout-1a2b3c",
        title,
        "checkout",
        "shop",
        Severity.P0,
        Impact.CRITICAL,
        Phase.TRIGGERED,
        "incident-2026-11-29-1433-checkout-1a2b3c",
        null,
        commander,
        Instant.parse("2026-11-29T14:33:00Z"));
  }

  private static Conversation withPurpose(String purpose) {
    Conversation channel = new Conversation();
    Purpose value = new Purpose();
    value.setValue(purpose);
    channel.setPurpose(value);
    return channel;
  }

  @Test
  void purpose_ofAHugeTitleCarryingAnotherIncidentsMarker_stillEndsWithThisIncidentsMarker() {
    String title = "(incident-id: incident-other) " + "&<x>".repeat(200);

    String purpose = IncidentChannelOpener.purpose(brief(title, null));

    assertThat(purpose).hasSizeLessThanOrEqualTo(250);
    assertThat(purpose).endsWith("… (incident-id: incident-checkout-1a2b3c)");
    assertThat(IncidentChannelOpener.markedIncident(withPurpose(purpose)))
        .isEqualTo("incident-checkout-1a2b3c");
  }

  @Test
  void markedIncident_ofAPurposeWithoutMarker_isNone() {
    assertThat(IncidentChannelOpener.markedIncident(withPurpose("Company-wide"))).isNull();
    assertThat(IncidentChannelOpener.markedIncident(new Conversation())).isNull();
  }

  @Test
  void topic_mentionsACommanderById_andEscapesANamedOne() {
    assertThat(IncidentChannelOpener.topic(brief("t", "U0ALICE1")))
        .isEqualTo("P0 | checkout | commander: <@U0ALICE1>");
    assertThat(IncidentChannelOpener.topic(brief("t", "<!here>\nbob")))
        .isEqualTo("P0 | checkout | commander: &lt;!here&gt; bob");
  }
}
