package io.incidentresponse.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.Json;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.policy.PolicyEditions;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.policy.ServiceTier;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON people type (README, examples/) is what the workflow receives. */
class IncidentInputJsonTest {

  @Test
  void exampleIncidentFromTheReadme_readsWithEveryPolicyField() throws IOException {
    IncidentInput input =
        Json.read(Files.readString(Path.of("../examples/incident.json")), IncidentInput.class);

    assertThat(input.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.label("service")).isEqualTo("checkout");
              assertThat(a.startsAt()).isEqualTo(Instant.parse("2026-11-26T14:00:00Z"));
            });
    ResponsePolicy policy = input.policy();
    assertThat(policy.responseTimes()).containsEntry(Severity.P0, Duration.ofMinutes(15));
    assertThat(policy.calendar().zone()).isEqualTo("Europe/Berlin");
    assertThat(policy.calendar().holidays()).containsExactly(LocalDate.parse("2026-12-25"));
    assertThat(policy.profile("payments").tier()).isEqualTo(ServiceTier.CRITICAL);
    assertThat(policy.profile("unknown-service").tier()).isEqualTo(ServiceTier.STANDARD);
    assertThat(policy.mayApprove("alice", RiskClass.HIGH)).isTrue();
    assertThat(policy.mayApprove("bob", RiskClass.HIGH)).isFalse();
    assertThat(policy.probes())
        .containsOnlyKeys(
            DiagnosisProbe.POD_HEALTH, DiagnosisProbe.SERVICE_METRICS, DiagnosisProbe.ERROR_LOGS);
    // fields left out take the runbook's defaults
    assertThat(policy.verificationInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.postmortemReviewWithin()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void emptyPolicy_isTheRunbook() {
    ResponsePolicy policy = Json.read("{}", ResponsePolicy.class);

    assertThat(policy).isEqualTo(ResponsePolicy.defaults());
    assertThat(policy.responseTimes())
        .containsExactlyEntriesOf(ResponsePolicy.defaultResponseTimes());
    assertThat(policy.cadence(Severity.P0)).contains(Duration.ofMinutes(30));
    assertThat(policy.cadence(Severity.P3)).isEmpty();
    assertThat(policy.runsWithoutApproval(Severity.P1, RiskClass.LOW)).isTrue();
    assertThat(policy.runsWithoutApproval(Severity.P1, RiskClass.MEDIUM)).isFalse();
    assertThat(policy.runsWithoutApproval(Severity.P3, RiskClass.LOW)).isFalse();
    assertThat(policy.escalationLevels())
        .containsExactly(
            "primary-oncall", "secondary-oncall", "team-lead", "engineering-manager", "cto");
    assertThat(policy.approvers()).isEmpty();
    assertThat(List.of(policy.dryRun(), policy.maxActionsPerIncident())).containsExactly(false, 5);
  }

  @Test
  void aNamedPolicy_travelsAsItsName_andReadsBackAsThatEdition() {
    String name = PolicyEditions.nameOf(ResponsePolicy.defaults());
    IncidentInput named =
        new IncidentInput(List.of(), null, null, null, null, null, null, false, name);

    String json = toJson(named);
    IncidentInput read = Json.read(json, IncidentInput.class);

    assertThat(json).contains(name).doesNotContain("responseTimes");
    assertThat(read.policy()).isNull();
    assertThat(read.policyEdition()).isEqualTo(name);
    assertThat(read.resolvedPolicy()).isEqualTo(ResponsePolicy.defaults());
  }

  @Test
  void anInputCarryingItsPolicy_hasNoNameField_soOlderWorkersReadIt() {
    String json = toJson(new IncidentInput(List.of(), null, null, null, null, null));

    assertThat(json).doesNotContain("policyEdition").contains("responseTimes");
  }

  @Test
  void aPolicyGivenWhole_winsOverAName() {
    IncidentInput both =
        new IncidentInput(
            List.of(), ResponsePolicy.defaults(), null, null, null, null, null, false, "any");

    assertThat(both.policyEdition()).isNull();
    assertThat(both.resolvedPolicy()).isEqualTo(ResponsePolicy.defaults());
  }

  private static String toJson(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE
        .toPayload(value)
        .orElseThrow()
        .getData()
        .toStringUtf8();
  }
}
