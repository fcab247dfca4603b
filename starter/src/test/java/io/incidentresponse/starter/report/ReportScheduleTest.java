package io.incidentresponse.starter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.grpc.Status;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.report.ReportRequest;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.client.schedules.ScheduleUpdateInput;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.workflow.Functions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The schedule against a mocked Temporal schedule client (the test server has no schedules). */
class ReportScheduleTest {
  private final ScheduleClient schedules = mock(ScheduleClient.class);
  private final ScheduleHandle handle = mock(ScheduleHandle.class);

  private ReportSchedule schedule(String cron) {
    when(schedules.getHandle(ReportSchedule.SCHEDULE_ID)).thenReturn(handle);
    return new ReportSchedule(
        schedules,
        new ReportProperties(true, cron, null, Duration.ofSeconds(25)),
        new IncidentProperties(
            null, null, null, "incident-response", Duration.ofSeconds(30), null, null, null, null));
  }

  @Test
  void absent_isCreated_monthlyAt0900Utc_skippingOverlaps_forLastMonthPosted() {
    ReportSchedule reportSchedule = schedule(null);

    ReportSchedule.Outcome outcome = reportSchedule.ensure();

    assertThat(outcome).isEqualTo(ReportSchedule.Outcome.CREATED);
    ArgumentCaptor<Schedule> created = ArgumentCaptor.forClass(Schedule.class);
    verify(schedules).createSchedule(eq("monthly-incident-report"), created.capture(), any());
    Schedule schedule = created.getValue();
    assertThat(schedule.getSpec().getCronExpressions()).containsExactly("0 9 1 * *");
    assertThat(schedule.getSpec().getTimeZoneName()).isEqualTo("UTC");
    assertThat(schedule.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("MonthlyIncidentReport");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("incident-response");
    assertThat(action.getArguments().get(0, ReportRequest.class))
        .isEqualTo(new ReportRequest(null, true));
  }

  @Test
  void present_withTheSameTimes_isLeftAlone() {
    ReportSchedule reportSchedule = schedule(null);
    existing(
        reportSchedule,
        List.of(Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2027-01-01T09:00:00Z")));

    assertThat(reportSchedule.ensure()).isEqualTo(ReportSchedule.Outcome.UNCHANGED);
    verify(handle, never()).update(any());
  }

  @Test
  @SuppressWarnings("unchecked")
  void present_withOtherTimes_getsTheConfiguredSpec_andStaysPaused() {
    ReportSchedule reportSchedule = schedule("30 7 2 * *");
    ScheduleDescription description =
        existing(
            reportSchedule,
            List.of(Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2027-01-01T09:00:00Z")));

    ReportSchedule.Outcome outcome = reportSchedule.ensure();

    assertThat(outcome).isEqualTo(ReportSchedule.Outcome.UPDATED);
    ArgumentCaptor<Functions.Func1<ScheduleUpdateInput, ScheduleUpdate>> update =
        ArgumentCaptor.forClass(Functions.Func1.class);
    verify(handle).update(update.capture());
    Schedule updated = update.getValue().apply(new ScheduleUpdateInput(description)).getSchedule();
    assertThat(updated.getSpec().getCronExpressions()).containsExactly("30 7 2 * *");
    assertThat(updated.getState().isPaused()).isTrue();
  }

  @Test
  void serverWithoutSchedules_isReportedAsUnsupported_notThrown() {
    ReportSchedule reportSchedule = schedule(null);
    when(schedules.createSchedule(any(), any(), any()))
        .thenThrow(new ScheduleException(Status.UNIMPLEMENTED.asRuntimeException()));

    assertThat(reportSchedule.ensure()).isEqualTo(ReportSchedule.Outcome.UNSUPPORTED);
  }

  @Test
  void nextTimes_ofTheDefaultCron_areThe1stAt0900Utc() {
    assertThat(ReportSchedule.nextTimes("0 9 1 * *", Instant.parse("2026-11-26T10:00:00Z"), 2))
        .containsExactly(
            Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2027-01-01T09:00:00Z"));
    assertThat(ReportSchedule.nextTimes("0 9 1 * *", Instant.parse("2026-12-01T09:00:00Z"), 1))
        .containsExactly(Instant.parse("2026-12-01T09:00:00Z"));
    assertThat(ReportSchedule.nextTimes("not a cron", Instant.EPOCH, 1)).isNull();
  }

  private ScheduleDescription existing(ReportSchedule reportSchedule, List<Instant> nextTimes) {
    when(schedules.createSchedule(any(), any(), any()))
        .thenThrow(new ScheduleAlreadyRunningException(Status.ALREADY_EXISTS.asRuntimeException()));
    Schedule configured = reportSchedule.schedule();
    Schedule stored =
        Schedule.newBuilder(configured)
            .setAction(
                ScheduleActionStartWorkflow.newBuilder(
                        (ScheduleActionStartWorkflow) configured.getAction())
                    .setOptions(
                        WorkflowOptions.newBuilder()
                            .setWorkflowId("monthly-report")
                            .setTaskQueue("incident-response")
                            .build())
                    .build())
            .setState(ScheduleState.newBuilder().setPaused(true).setNote("paused by ops").build())
            .build();
    ScheduleDescription description =
        new ScheduleDescription(
            ReportSchedule.SCHEDULE_ID,
            new ScheduleInfo(0, 0, 0, List.of(), List.of(), nextTimes, Instant.EPOCH, null),
            stored,
            Map.of(),
            null,
            Map.of(),
            DefaultDataConverter.STANDARD_INSTANCE);
    when(handle.describe()).thenReturn(description);
    return description;
  }
}
