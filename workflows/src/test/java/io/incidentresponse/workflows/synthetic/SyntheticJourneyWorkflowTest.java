package io.incidentresponse.workflows.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.detection.DetectionActivities;
import io.incidentresponse.workflows.detection.DetectionActivities.ClearAlertRequest;
import io.incidentresponse.workflows.detection.ScheduledRuns;
import io.incidentresponse.workflows.health.HealthIncidentActivities.OpenIncidentRequest;
import io.incidentresponse.workflows.health.IncidentOpening;
import io.incidentresponse.workflows.health.IncidentOpening.Outcome;
import io.incidentresponse.workflows.incident.IncidentKeyRule;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * A journey's scheduled runs on the time-skipping test server, the probe and the door mocked. The
 * test server has no Schedules: successive runs are a cron workflow, which hands each run's result
 * to the next the same way (the last completion result).
 */
class SyntheticJourneyWorkflowTest {
  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
  private static final IncidentKeyRule KEYS =
      new IncidentKeyRule(List.of("service", "alertname"), false);
  private static final String INCIDENT = "incident-checkout-syntheticjourneyfailed-1a2b3c";

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(SyntheticJourneyWorkflowImpl.class)
          .setInitialTime(T0)
          .setDoNotStart(true)
          .build();

  private final SyntheticJourneyActivities probe =
      mock(SyntheticJourneyActivities.class, withSettings().withoutAnnotations());
  private final DetectionActivities door =
      mock(DetectionActivities.class, withSettings().withoutAnnotations());

  /** The successive runs' answers (the last repeats); null: the probe crashes. */
  private final List<JourneyRun> answers = new CopyOnWriteArrayList<>();

  private final AtomicInteger runs = new AtomicInteger();
  private volatile Outcome opening = Outcome.OPENED;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    this.env = env;
    this.client = env.getWorkflowClient();
    this.taskQueue = options.getTaskQueue();
    when(probe.runJourney(any()))
        .thenAnswer(
            call -> {
              int n = runs.getAndIncrement();
              JourneyRun run = answers.get(Math.min(n, answers.size() - 1));
              if (run == null) {
                throw ApplicationFailure.newNonRetryableFailure("worker lost", "UNAVAILABLE");
              }
              return run;
            });
    when(door.raiseAlert(any()))
        .thenAnswer(
            call ->
                new IncidentOpening(
                    opening == Outcome.UNDER_MAINTENANCE ? null : INCIDENT, opening, null));
    when(door.clearAlert(any())).thenReturn(true);
    worker.registerActivitiesImplementations(probe, door);
    env.start();
  }

  private static Journey journey(int failuresBeforeAlert) {
    JourneyStep step =
        new JourneyStep(
            "product",
            null,
            "http://shop/api/products/sku-42",
            null,
            null,
            200,
            null,
            null,
            null,
            Duration.ofSeconds(2));
    return new Journey("purchase", "checkout", Severity.P1, List.of(step), failuresBeforeAlert);
  }

  private static JourneyRun passed() {
    return new JourneyRun(T0, List.of(new StepResult("product", true, 200, 80, null, null)));
  }

  private static JourneyRun failed() {
    return new JourneyRun(
        T0, List.of(new StepResult("product", false, 500, 95, "status 200", "status 500")));
  }

  private SyntheticJourneyRequest request(int failuresBeforeAlert) {
    return new SyntheticJourneyRequest(
        journey(failuresBeforeAlert), KEYS, ResponsePolicy.defaults());
  }

  /** Runs every 5 minutes, as the schedule would, for {@code count} runs. */
  private void scheduledRuns(int failuresBeforeAlert, int count) {
    ScheduledRuns.chain(
        env,
        "synthetic-purchase",
        taskQueue,
        options ->
            WorkflowClient.start(
                client.newWorkflowStub(SyntheticJourneyWorkflow.class, options)::run,
                request(failuresBeforeAlert)),
        runs,
        count);
  }

  @Test
  void oneFailedRun_isABlip_noAlertIsRaisedAndNothingIsResolved() {
    answers.addAll(List.of(failed(), passed(), passed()));

    scheduledRuns(2, 3);

    verify(door, never()).raiseAlert(any());
    verify(door, never()).clearAlert(any());
  }

  @Test
  void failingRunsInARow_raiseTheAlertFromTheSecond_andThePassingRunResolvesItOnThatIncident() {
    answers.addAll(List.of(failed(), failed(), failed(), passed()));

    scheduledRuns(2, 4);

    ArgumentCaptor<OpenIncidentRequest> raised = ArgumentCaptor.forClass(OpenIncidentRequest.class);
    verify(door, times(2)).raiseAlert(raised.capture());
    Alert alert = raised.getValue().alert();
    assertThat(alert.source()).isEqualTo(AlertSource.SYNTHETIC);
    assertThat(alert.fingerprint()).isEqualTo("synthetic:purchase");
    assertThat(alert.labels())
        .containsEntry("alertname", "SyntheticJourneyFailed")
        .containsEntry("service", "checkout")
        .containsEntry("journey", "purchase")
        .containsEntry("priority", "P1");
    assertThat(alert.annotations().get("summary"))
        .isEqualTo(
            "Synthetic journey purchase fails at step product: expected status 200, got status"
                + " 500");
    assertThat(alert.annotations().get("description")).contains("3 failed run(s) in a row");
    assertThat(raised.getValue().incidentId())
        .isEqualTo(IncidentKeyRule.workflowId(KEYS.keyOf(alert, null)));
    assertThat(raised.getValue().service()).isEqualTo("checkout");
    ArgumentCaptor<ClearAlertRequest> cleared = ArgumentCaptor.forClass(ClearAlertRequest.class);
    verify(door, times(1)).clearAlert(cleared.capture());
    assertThat(cleared.getValue().incidentId()).isEqualTo(INCIDENT);
    assertThat(cleared.getValue().alert().status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(cleared.getValue().alert().fingerprint()).isEqualTo("synthetic:purchase");
  }

  @Test
  void aProbeThatCannotRun_changesNothing_theCountGoesOnFromBeforeIt() {
    answers.add(failed());
    answers.add(null); // the worker could not run the probe
    answers.add(failed());
    answers.add(passed());

    scheduledRuns(2, 4);

    // runs 1 and 3 failed: two in a row, the crash in between neither counts nor resets
    verify(door, times(1)).raiseAlert(any());
    verify(door, times(1)).clearAlert(any());
  }

  @Test
  void underMaintenance_raisesNoIncidentAndKeepsTrying() {
    opening = Outcome.UNDER_MAINTENANCE;
    answers.add(failed());

    SyntheticJourneyWorkflow workflow =
        client.newWorkflowStub(
            SyntheticJourneyWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(taskQueue).build());
    JourneyStatus status = workflow.run(request(1));

    assertThat(status.consecutiveFailures()).isEqualTo(1);
    assertThat(status.alertIncidentId()).isNull();
    assertThat(status.events()).containsExactly("checkout: no incident, under maintenance");
    assertThat(status.last().failure().got()).isEqualTo("status 500");
    verify(door, times(1)).raiseAlert(any());
  }

  @Test
  void alertText_givenA5000CharacterFinding_staysWithinWhatAnAlertCarries() {
    String huge = "x".repeat(5_000);
    JourneyRun run =
        new JourneyRun(T0, List.of(new StepResult("product", false, 500, 5, huge, huge)));

    Alert alert = SyntheticJourneyWorkflowImpl.alert(journey(1), run, 1, T0, AlertStatus.FIRING);

    // the runner bounds expected and got; the alert only adds the fixed words around them
    assertThat(alert.annotations()).containsKey("summary");
    assertThat(Map.copyOf(alert.labels())).hasSize(5);
  }
}
