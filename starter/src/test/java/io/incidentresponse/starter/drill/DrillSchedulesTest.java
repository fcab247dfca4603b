package io.incidentresponse.starter.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.drill.DrillLauncher;
import io.incidentresponse.workflows.drill.DrillRequest;
import io.incidentresponse.workflows.incident.Severity;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Drill schedules against a mocked schedule client (the test server has no schedules). */
class DrillSchedulesTest {
  private final ScheduleClient schedules = mock(ScheduleClient.class);
  private final IncidentProperties incident =
      new IncidentProperties(
          null, null, null, "incident-response", Duration.ofSeconds(30), null, null, null, null);

  private static DrillProperties.ScheduledDrill monthly(String scenario) {
    return new DrillProperties.ScheduledDrill(
        "monthly-checkout",
        "0 10 1-7 * 2",
        scenario,
        "checkout",
        "shop",
        Duration.ofMinutes(30),
        Map.of("rate", "0.2"),
        null,
        "monthly checkout drill",
        false,
        false);
  }

  private DrillSchedules drillSchedules(DrillProperties.ScheduledDrill... drills) {
    DrillProperties properties =
        new DrillProperties(Duration.ofMinutes(5), Duration.ofHours(1), List.of(drills));
    return new DrillSchedules(
        schedules, properties, new DrillRequests(incident, properties, null), incident);
  }

  @Test
  void aConfiguredDrill_isAScheduleThatLaunchesItUnderItsServicesDrillId() {
    assertThat(drillSchedules(monthly("failure-rate")).ensure())
        .containsExactly(Map.entry("drill-monthly-checkout", "created"));

    ArgumentCaptor<Schedule> created = ArgumentCaptor.forClass(Schedule.class);
    verify(schedules).createSchedule(eq("drill-monthly-checkout"), created.capture(), any());
    Schedule schedule = created.getValue();
    assertThat(schedule.getSpec().getCronExpressions()).containsExactly("0 10 1-7 * 2");
    assertThat(schedule.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    ScheduleActionStartWorkflow start = (ScheduleActionStartWorkflow) schedule.getAction();
    assertThat(start.getWorkflowType()).isEqualTo(DrillLauncher.TYPE);
    assertThat(start.getOptions().getTaskQueue()).isEqualTo("incident-response");
    DrillRequest request = start.getArguments().get(0, DrillRequest.class);
    assertThat(request.scenario()).isEqualTo("failure-rate");
    assertThat(request.service()).isEqualTo("checkout");
    assertThat(request.parameters()).containsEntry("rate", "0.2");
    assertThat(request.by()).isEqualTo("schedule monthly-checkout");
    assertThat(request.targets().acknowledge()).containsEntry(Severity.P1, Duration.ofHours(1));
  }

  @Test
  void aScheduleThatExists_isUpdatedToTheConfiguration() {
    ScheduleHandle handle = mock(ScheduleHandle.class);
    when(schedules.getHandle("drill-monthly-checkout")).thenReturn(handle);
    doThrow(new ScheduleAlreadyRunningException(null))
        .when(schedules)
        .createSchedule(eq("drill-monthly-checkout"), any(), any());

    assertThat(drillSchedules(monthly("failure-rate")).ensure())
        .containsExactly(Map.entry("drill-monthly-checkout", "updated"));
    verify(handle).update(any());
  }

  @Test
  void noneConfigured_noneMade() {
    assertThat(drillSchedules().ensure()).isEmpty();
  }

  @Test
  void anUnknownScenarioInTheConfiguration_stopsStartUpNamingTheProperty() {
    assertThatThrownBy(() -> monthly("unplug").check("incident.drill.schedules[0]"))
        .hasMessageContaining("incident.drill.schedules[0].scenario");
  }

  @Test
  void anNthWeekdayWithHash_isRefusedAtStartUp_becauseTemporalReadsItAsAComment() {
    DrillProperties.ScheduledDrill everyTuesday =
        new DrillProperties.ScheduledDrill(
            "monthly-checkout",
            "0 10 * * 2#1",
            "failure-rate",
            "checkout",
            "shop",
            Duration.ofMinutes(30),
            Map.of("rate", "0.2"),
            null,
            null,
            false,
            false);

    assertThatThrownBy(() -> everyTuesday.check("incident.drill.schedules[0]"))
        .hasMessageContaining("incident.drill.schedules[0].cron")
        .hasMessageContaining("0 10 1-7 * 2");
  }
}
