package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import io.incidentresponse.workflows.communication.PageUrgency;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** P3 response times against the business calendar, from a Friday evening. */
class ResponseCalendarTest {
  private static final Instant FRIDAY_EVENING = Instant.parse("2026-11-27T17:00:00Z");

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      Incidents.extension().setInitialTime(FRIDAY_EVENING).build();

  private final Activities activities = new Activities();

  /** A P3 incident raised Friday 17:00 under a UTC calendar with {@code holidays} (JSON list). */
  private IncidentWorkflow openP3(
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowOptions options,
      String id,
      String holidays) {
    activities.registerOn(worker);
    env.start();
    return Incidents.start(
        env.getWorkflowClient(),
        options,
        id,
        Incidents.policy("\"calendar\":{\"zone\":\"UTC\",\"holidays\":[" + holidays + "]}"),
        alert("DiskFilling", "batch", "severity", "info"));
  }

  @Test
  void p3RaisedFridayAt17_isPagedOnlyMondayAt09AtLowUrgencyThenEscalatesTuesday(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    IncidentWorkflow incident = openP3(env, worker, options, "inc-friday", "");

    IncidentState state = await(incident, s -> s.phase == Phase.MITIGATING);
    assertThat(state.severity).isEqualTo(Severity.P3);
    assertThat(state.acknowledgementDueAt).isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));

    env.sleep(Duration.ofHours(63).plusMinutes(55)); // Monday 08:55
    // the runbook gives P3 until the next business day: nobody is woken over the weekend
    verify(activities.paging, never()).openPage(any());
    verify(activities.paging, never()).escalatePage(any());
    env.sleep(Duration.ofMinutes(10)); // Monday 09:05
    verify(activities.paging, timeout(5_000))
        .openPage(argThat(r -> r.level() == 0 && r.urgency() == PageUrgency.LOW));
    // re-armed for the next business day, at the same level
    state = await(incident, s -> s.page != null);
    assertThat(state.escalationLevel).isZero();
    assertThat(state.acknowledgementDueAt).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
    verify(activities.paging, never()).escalatePage(any());

    env.sleep(Duration.ofHours(24)); // Tuesday 09:05
    verify(activities.paging, timeout(5_000))
        .escalatePage(argThat(r -> r.level() == 1 && r.urgency() == PageUrgency.LOW));
  }

  @Test
  void p3RaisedFridayBeforeAMondayHoliday_isDueTuesdayAt09(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    IncidentWorkflow incident = openP3(env, worker, options, "inc-holiday", "\"2026-11-30\"");

    IncidentState state = await(incident, s -> s.phase == Phase.MITIGATING);
    assertThat(state.acknowledgementDueAt).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
  }
}
