package io.incidentresponse.starter.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.oncall.HandoffReminderInput;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The hand-off reminder schedule against a mocked Temporal schedule client (the test server has no
 * schedules); what a run does is tested in {@code HandoffReminderWorkflowTest}.
 */
class HandoffReminderScheduleTest {
  private static final String ID = "oncall-handoff-reminders";
  private final ScheduleClient schedules = mock(ScheduleClient.class);
  private final ScheduleHandle handle = mock(ScheduleHandle.class);

  private HandoffReminderSchedule schedule(boolean enabled) {
    when(schedules.getHandle(ID)).thenReturn(handle);
    IncidentProperties incident =
        new IncidentProperties(
            ResponsePolicy.defaults(),
            new IncidentProperties.Grouping(List.of("service", "alertname"), false),
            null,
            "incident-response",
            Duration.ofSeconds(30),
            null,
            null,
            null,
            null);
    return new HandoffReminderSchedule(
        schedules,
        new HandoffReminderProperties(enabled, Duration.ofMinutes(10), Duration.ofMinutes(20)),
        incident);
  }

  @Test
  void enabled_createsItEveryIntervalBufferingRunsSoNoWindowIsSkipped() {
    assertThat(schedule(true).ensure()).isEqualTo(HandoffReminderSchedule.Outcome.CREATED);

    ArgumentCaptor<Schedule> created = ArgumentCaptor.forClass(Schedule.class);
    verify(schedules).createSchedule(eq(ID), created.capture(), any());
    Schedule made = created.getValue();
    assertThat(made.getSpec().getIntervals().get(0).getEvery()).isEqualTo(Duration.ofMinutes(10));
    assertThat(made.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL);
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) made.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("HandoffReminders");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("incident-response");
    HandoffReminderInput input = action.getArguments().get(0, HandoffReminderInput.class);
    assertThat(input.interval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(input.lead()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void enabledAndAlreadyThere_isRewritten() {
    doThrow(new ScheduleAlreadyRunningException(null))
        .when(schedules)
        .createSchedule(eq(ID), any(), any());

    assertThat(schedule(true).ensure()).isEqualTo(HandoffReminderSchedule.Outcome.UPDATED);

    verify(handle).update(any());
  }

  @Test
  void disabled_deletesAnExistingScheduleAndCreatesNone() {
    assertThat(schedule(false).ensure()).isEqualTo(HandoffReminderSchedule.Outcome.DELETED);

    verify(handle).delete();
    verify(schedules, never()).createSchedule(any(), any(), any());
  }

  @Test
  void badIntervalOrLead_isRefusedNamingTheProperty() {
    assertThatThrownBy(
            () -> new HandoffReminderProperties(true, Duration.ofSeconds(30), Duration.ZERO))
        .hasMessageContaining("incident.oncall.handoff-reminders.interval");
    assertThatThrownBy(
            () -> new HandoffReminderProperties(true, Duration.ofMinutes(5), Duration.ofDays(2)))
        .hasMessageContaining("incident.oncall.handoff-reminders.lead");
  }
}
