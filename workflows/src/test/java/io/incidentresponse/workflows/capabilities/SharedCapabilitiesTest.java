package io.incidentresponse.workflows.capabilities;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.Json;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A worker answers every incident it serves the same: the incidents waiting on it keep one answer
 * object, not one each.
 */
class SharedCapabilitiesTest {

  private static final String ANSWER =
      "{\"notConfigured\": [\"STATUS_PAGE\"], \"probesNotServed\": {"
          + "\"POD_HEALTH\": \"Kubernetes (incident.kubernetes.enabled) is not set\","
          + " \"TRACES\": \"traces (incident.jaeger.url) is not configured\"}}";

  @Test
  void answersReadFromJson_withEqualContent_shareOneObject() {
    Capabilities first = Json.read(ANSWER, Capabilities.class).shared();
    Capabilities second = Json.read(ANSWER, Capabilities.class).shared();

    assertThat(second).isSameAs(first);
    assertThat(second.missing(Integration.STATUS_PAGE)).isTrue();
    assertThat(second.probeMissing(DiagnosisProbe.TRACES)).contains("incident.jaeger.url");
  }

  @Test
  void answersEqualAsMapsButInAnotherOrder_areNotShared() {
    // the timeline line lists the probes in the answer's order: each incident keeps the order
    String tracesFirst =
        "{\"notConfigured\": [\"STATUS_PAGE\"], \"probesNotServed\": {"
            + "\"TRACES\": \"traces (incident.jaeger.url) is not configured\","
            + " \"POD_HEALTH\": \"Kubernetes (incident.kubernetes.enabled) is not set\"}}";

    Capabilities podsFirst = Json.read(ANSWER, Capabilities.class).shared();
    Capabilities other = Json.read(tracesFirst, Capabilities.class).shared();

    assertThat(other).isNotSameAs(podsFirst);
    assertThat(other.describe()).isEqualTo("status page; probes TRACES, POD_HEALTH");
  }

  @Test
  void anotherAnswer_isNotTakenForThisOne() {
    Capabilities some = Json.read(ANSWER, Capabilities.class).shared();
    Capabilities none = new Capabilities(List.of(), null).shared();

    assertThat(none).isNotSameAs(some);
    assertThat(none.complete()).isTrue();
  }
}
