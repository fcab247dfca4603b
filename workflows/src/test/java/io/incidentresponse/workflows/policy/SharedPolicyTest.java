package io.incidentresponse.workflows.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.workflows.Json;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.mitigation.RiskClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every open incident's input carries the response policy: a worker holding thousands of incidents
 * keeps one policy object per distinct policy, not one per incident.
 */
class SharedPolicyTest {

  @Test
  void inputsReadFromJson_withEqualPolicies_holdOnePolicyObject() throws IOException {
    String json = Files.readString(Path.of("../examples/incident.json"));

    IncidentInput first = Json.read(json, IncidentInput.class);
    IncidentInput second = Json.read(json, IncidentInput.class);

    assertThat(first).isNotSameAs(second);
    assertThat(second.policy()).isSameAs(first.policy());
  }

  @Test
  void inputsWithoutAPolicy_shareTheRunbooksDefaults() {
    IncidentInput first = new IncidentInput(List.of(), null, null, null, null, null);
    IncidentInput second = new IncidentInput(List.of(), null, null, null, null, null);

    assertThat(second.policy()).isSameAs(first.policy()).isEqualTo(ResponsePolicy.defaults());
  }

  @Test
  void theStartersOnePolicy_askedAgainAndBetweenOthers_isAlwaysTheSharedOne() throws IOException {
    String json = Files.readString(Path.of("../examples/incident.json"));
    ResponsePolicy configured = Json.read(json, IncidentInput.class).policy();
    ResponsePolicy other =
        Json.read(json.replaceFirst("\"P0\": \"PT15M\"", "\"P0\": \"PT7M\""), IncidentInput.class)
            .policy();

    assertThat(configured.shared()).isSameAs(configured);
    assertThat(other.shared()).isSameAs(other).isNotSameAs(configured);
    assertThat(configured.shared()).isSameAs(configured);
    assertThat(Json.read(json, IncidentInput.class).policy()).isSameAs(configured);
  }

  @Test
  void aDifferentPolicy_isNotTakenForAnother() throws IOException {
    String json = Files.readString(Path.of("../examples/incident.json"));
    IncidentInput usual = Json.read(json, IncidentInput.class);
    IncidentInput quicker =
        Json.read(json.replaceFirst("\"P0\": \"PT15M\"", "\"P0\": \"PT5M\""), IncidentInput.class);

    assertThat(quicker.policy()).isNotSameAs(usual.policy());
    assertThat(quicker.policy().responseTime(Severity.P0)).contains(Duration.ofMinutes(5));
    assertThat(usual.policy().responseTime(Severity.P0)).contains(Duration.ofMinutes(15));
  }

  @Test
  void policiesEqualAsMapsButInAnotherOrder_areNotShared() {
    // the probes run in the policy's order: an incident must keep the order its input gave
    ResponsePolicy podsFirst =
        Json.read(
            "{\"probes\": {\"POD_HEALTH\": \"PT30S\", \"ERROR_LOGS\": \"PT60S\"}}",
            ResponsePolicy.class);
    ResponsePolicy logsFirst =
        Json.read(
            "{\"probes\": {\"ERROR_LOGS\": \"PT60S\", \"POD_HEALTH\": \"PT30S\"}}",
            ResponsePolicy.class);
    assertThat(logsFirst).isEqualTo(podsFirst);

    IncidentInput first = new IncidentInput(List.of(), podsFirst, null, null, null, null);
    IncidentInput second = new IncidentInput(List.of(), logsFirst, null, null, null, null);

    assertThat(List.copyOf(second.policy().probes().keySet()))
        .containsExactly(DiagnosisProbe.ERROR_LOGS, DiagnosisProbe.POD_HEALTH);
    assertThat(List.copyOf(first.policy().probes().keySet()))
        .containsExactly(DiagnosisProbe.POD_HEALTH, DiagnosisProbe.ERROR_LOGS);
  }

  @Test
  void aSharedPolicy_cannotBeChangedThroughItsMaps() {
    ResponsePolicy policy = ResponsePolicy.defaults().shared();

    assertThatThrownBy(() -> policy.responseTimes().put(Severity.P3, Duration.ofDays(1)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> policy.approvers().put(RiskClass.LOW, List.of("mallory")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> policy.services().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
