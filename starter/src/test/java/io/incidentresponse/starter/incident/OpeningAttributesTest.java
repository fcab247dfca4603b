package io.incidentresponse.starter.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.policy.Classification;
import io.temporal.common.SearchAttributes;
import org.junit.jupiter.api.Test;

/** The search attributes a new incident is started with, from the door's classification. */
class OpeningAttributesTest {

  private static Classification opened(String service) {
    return new Classification(
        Severity.P2, Impact.MEDIUM, service, "shop", "Checkout slow", "severity label");
  }

  @Test
  void aNewIncident_startsTriggeredAndUnacknowledged_asClassifiedAtTheDoor() {
    SearchAttributes started = GroupDelivery.openingAttributes(opened("checkout"), true);

    assertThat(started.get(IncidentSearchAttributes.SEVERITY)).isEqualTo("P2");
    assertThat(started.get(IncidentSearchAttributes.SERVICE)).isEqualTo("checkout");
    assertThat(started.get(IncidentSearchAttributes.PHASE)).isEqualTo("TRIGGERED");
    assertThat(started.get(IncidentSearchAttributes.ACKNOWLEDGED)).isFalse();
  }

  @Test
  void aServiceLongerThanTheWorkflowKeepsWhole_startsWithoutAttributes() {
    String longest = "s".repeat(IncidentSearchAttributes.MAX_SERVICE);

    assertThat(GroupDelivery.openingAttributes(opened(longest), true)).isNotNull();
    assertThat(GroupDelivery.openingAttributes(opened(longest + "s"), true)).isNull();
  }

  @Test
  void attributesNotKnownToExistOnTheNamespace_areNotSent() {
    assertThat(GroupDelivery.openingAttributes(opened("checkout"), false)).isNull();
  }
}
