package io.incidentresponse.starter.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentKeys;
import io.incidentresponse.workflows.health.HealthCheckRequest;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.policy.ServiceProfile;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The health-check schedule against a mocked Temporal schedule client (the test server has no
 * schedules); what a scheduled run does is tested in {@code HealthCheckWorkflowTest}.
 */
class HealthCheckScheduleTest {
  private final ScheduleClient schedules = mock(ScheduleClient.class);
  private final ScheduleHandle handle = mock(ScheduleHandle.class);

  private HealthCheckSchedule schedule(boolean enabled, List<String> policyServices) {
    when(schedules.getHandle("health-check-schedule")).thenReturn(handle);
    Map<String, ServiceProfile> services = new LinkedHashMap<>();
    policyServices.forEach(s -> services.put(s, ServiceProfile.standard()));
    ResponsePolicy policy =
        new ResponsePolicy(
            null, null, null, null, services, null, null, null, null, null, null, null, null, null,
            null, null, "shop", null, null, null, null, null, null, null, null, null);
    IncidentProperties incident =
        new IncidentProperties(
            policy,
            new IncidentProperties.Grouping(List.of("service", "alertname"), false),
            null,
            "incident-response",
            Duration.ofSeconds(30),
            null,
            null,
            null,
            null);
    HealthCheckProperties properties =
        new HealthCheckProperties(
            null, null, enabled, Duration.ofMinutes(5), 3, Duration.ofSeconds(40), null);
    return new HealthCheckSchedule(schedules, properties, incident, new IncidentKeys(incident));
  }

  @Test
  void enabled_createsItEveryIntervalOverThePolicysServicesWithTheWatch() {
    HealthCheckSchedule healthSchedule = schedule(true, List.of("checkout", "search"));

    assertThat(healthSchedule.ensure()).isEqualTo(HealthCheckSchedule.Outcome.CREATED);

    ArgumentCaptor<Schedule> created = ArgumentCaptor.forClass(Schedule.class);
    verify(schedules).createSchedule(eq("health-check-schedule"), created.capture(), any());
    Schedule schedule = created.getValue();
    assertThat(schedule.getSpec().getIntervals().get(0).getEvery())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(schedule.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("HealthCheck");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("incident-response");
    HealthCheckRequest request = action.getArguments().get(0, HealthCheckRequest.class);
    assertThat(request.services()).containsExactly("checkout", "search");
    assertThat(request.namespace()).isEqualTo("shop");
    assertThat(request.watch().confirmations()).isEqualTo(3);
    assertThat(request.watch().confirmAfter()).isEqualTo(Duration.ofSeconds(40));
    assertThat(request.watch().alertname()).isEqualTo("ServiceDown");
    assertThat(request.watch().keys().keyLabels()).containsExactly("service", "alertname");
  }

  @Test
  void disabled_deletesAnExistingScheduleAndCreatesNone() {
    HealthCheckSchedule healthSchedule = schedule(false, List.of("checkout"));

    assertThat(healthSchedule.ensure()).isEqualTo(HealthCheckSchedule.Outcome.DELETED);

    verify(handle).delete();
    verify(schedules, never()).createSchedule(any(), any(), any());
  }

  @Test
  void enabledWithoutServices_createsNone() {
    HealthCheckSchedule healthSchedule = schedule(true, List.of());

    assertThat(healthSchedule.ensure()).isEqualTo(HealthCheckSchedule.Outcome.NO_SERVICES);

    verify(schedules, never()).createSchedule(any(), any(), any());
  }

  @Test
  void confirmationsThatDoNotFitTheInterval_areRefusedNamingTheProperty() {
    assertThatThrownBy(
            () ->
                new HealthCheckProperties(
                    null, null, true, Duration.ofMinutes(1), 3, Duration.ofSeconds(30), null))
        .hasMessageContaining("incident.health-check.confirm-after");
    assertThatThrownBy(
            () ->
                new HealthCheckProperties(
                    null, null, true, Duration.ofSeconds(10), 1, Duration.ofSeconds(1), null))
        .hasMessageContaining("incident.health-check.interval");
  }
}
