package io.incidentresponse.starter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.policy.ServiceTier;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The response policy and webhook settings bind from properties and environment variables. */
class IncidentPropertiesTest {

  private static IncidentProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("incident", IncidentProperties.class);
  }

  @Test
  void nothingConfigured_isTheRunbookWithOpenWebhooks() {
    IncidentProperties properties = bind(Map.of());

    assertThat(properties.policy()).isEqualTo(ResponsePolicy.defaults());
    assertThat(properties.grouping().keyLabels()).containsExactly("service", "alertname");
    assertThat(properties.webhooks().alertmanager().type())
        .isEqualTo(IncidentProperties.AuthType.NONE);
    assertThat(properties.webhooks().maxBodySize().toMegabytes()).isEqualTo(1);
    assertThat(properties.retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void policyFieldsBindFromProperties() {
    IncidentProperties properties =
        bind(
            Map.of(
                "incident.policy.response-times.P0", "10m",
                "incident.policy.approvers.HIGH", "alice,bob",
                "incident.policy.calendar.zone", "Europe/Berlin",
                "incident.policy.calendar.day-start", "08:30",
                "incident.policy.calendar.holidays", "2026-12-25,2026-12-26",
                "incident.policy.services.payments.tier", "CRITICAL",
                "incident.policy.services.payments.user-facing", "true",
                "incident.policy.services.payments.team", "payments",
                "incident.grouping.alertmanager-group-key", "true"));

    ResponsePolicy policy = properties.policy();
    assertThat(policy.responseTimes()).containsEntry(Severity.P0, Duration.ofMinutes(10));
    assertThat(policy.approvers()).containsEntry(RiskClass.HIGH, List.of("alice", "bob"));
    assertThat(policy.calendar().dayStart()).isEqualTo(LocalTime.of(8, 30));
    assertThat(policy.calendar().holidays()).contains(LocalDate.parse("2026-12-25"));
    assertThat(policy.profile("payments").tier()).isEqualTo(ServiceTier.CRITICAL);
    assertThat(policy.profile("payments").userFacing()).isTrue();
    assertThat(policy.profile("payments").team()).isEqualTo("payments");
    assertThat(properties.grouping().alertmanagerGroupKey()).isTrue();
  }

  @Test
  void secretsNeverPrint() {
    IncidentProperties properties =
        bind(
            Map.of(
                "incident.webhooks.alertmanager.type", "BEARER",
                "incident.webhooks.alertmanager.token", "s3cret-token",
                "incident.webhooks.pagerduty-signing-secrets", "pd-s3cret"));

    assertThat(properties.toString()).doesNotContain("s3cret");
  }

  @Test
  void bearerWithoutToken_isRefusedAtStartUp() {
    assertThatThrownBy(() -> bind(Map.of("incident.webhooks.alertmanager.type", "BEARER")))
        .hasStackTraceContaining("BEARER webhook auth needs a token");
  }

  @Test
  void blankKeyLabel_isRefusedAtStartUp() {
    assertThatThrownBy(() -> bind(Map.of("incident.grouping.key-labels", "service, ")))
        .hasStackTraceContaining("needs at least one label name");
  }
}
