package io.incidentresponse.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.drill.DrillState.EndReason;
import io.incidentresponse.workflows.drill.DrillState.Status;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** Drills on Temporal's time-skipping test server, the outside world mocked. */
class DrillWorkflowTest {
  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
  private static final Map<String, String> BEFORE = Map.of("env.FAILURE_RATE", "absent");

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(DrillWorkflowImpl.class)
          .setInitialTime(T0)
          .setDoNotStart(true)
          .build();

  private final DrillActivities activities =
      mock(DrillActivities.class, withSettings().withoutAnnotations());
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    this.env = env;
    this.taskQueue = options.getTaskQueue();
    this.client = env.getWorkflowClient();
    when(activities.capture(any()))
        .thenAnswer(
            call -> {
              DrillTarget t = call.getArgument(0);
              return new DrillInjection(
                  t.drillId(),
                  t.scenario(),
                  t.service(),
                  t.namespace(),
                  t.parameters(),
                  BEFORE,
                  "FAILURE_RATE=0.3 on shop/checkout",
                  t.dryRun());
            });
    when(activities.revert(any())).thenReturn("FAILURE_RATE removed (absent before)");
    when(activities.checkStopConditions(any())).thenReturn(new StopCheck(false, "errorRatio 0.1"));
    when(activities.writeReport(any())).thenReturn("/reports/drill-checkout.md");
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  private static DrillRequest request(Duration duration) {
    return new DrillRequest(
        DrillScenarios.FAILURE_RATE,
        "checkout",
        "shop",
        duration,
        Map.of("rate", "0.3"),
        null,
        null,
        "alice",
        "game day",
        false,
        false,
        null);
  }

  private DrillWorkflow started(DrillRequest request) {
    DrillWorkflow stub =
        client.newWorkflowStub(
            DrillWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(DrillWorkflow.workflowId(request.service()))
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(stub::run, request);
    return stub;
  }

  private DrillState result() {
    return client
        .newUntypedWorkflowStub(DrillWorkflow.workflowId("checkout"))
        .getResult(DrillState.class);
  }

  private static List<String> events(DrillState state) {
    return state.timeline.stream().map(TimelineEntry::event).toList();
  }

  private DrillInjection reverted() {
    ArgumentCaptor<DrillInjection> captor = ArgumentCaptor.forClass(DrillInjection.class);
    verify(activities).revert(captor.capture());
    return captor.getValue();
  }

  @Test
  void atThePlannedEnd_theFaultIsRevertedExactlyAsReadBefore() {
    started(request(Duration.ofMinutes(30)));

    DrillState ended = result();

    assertThat(ended.endReason).isEqualTo(EndReason.PLANNED_END);
    assertThat(ended.status).isEqualTo(Status.ENDED);
    assertThat(reverted().before()).isEqualTo(BEFORE);
    assertThat(Duration.between(ended.injectedAt, ended.revertedAt))
        .isBetween(Duration.ofMinutes(29), Duration.ofMinutes(31));
    // 30 min at one check per 30 s, the last interval cut by the planned end
    verify(activities, atLeast(55)).checkStopConditions(any());
    assertThat(ended.checks).isBetween(55, 60);
    assertThat(ended.reportPath).isEqualTo("/reports/drill-checkout.md");
    assertThat(events(ended)).contains("Fault reverted", "Drill report written");
  }

  @Test
  void aLongDrill_checksAtMost240Times() {
    started(request(DrillWorkflow.LONGEST));

    DrillState ended = result();

    assertThat(ended.checks).isBetween(230, DrillWorkflowImpl.MAX_CHECKS);
    // no continue-as-new: the longest drill's history stays far below Temporal's suggestion (4K)
    int events =
        client.fetchHistory(DrillWorkflow.workflowId("checkout")).getHistory().getEventsCount();
    assertThat(events).isLessThan(3_000);
    System.out.println("4 h drill: " + ended.checks + " checks, " + events + " history events");
  }

  @Test
  void aborted_revertsAtOnceAndSaysWho() {
    DrillWorkflow drill = started(request(Duration.ofHours(2)));
    verify(activities, timeout(5_000)).inject(any());

    drill.abort(new AbortDrillRequest("bob", "real traffic spike"));
    DrillState ended = result();

    assertThat(ended.endReason).isEqualTo(EndReason.ABORTED);
    assertThat(ended.endedBy).isEqualTo("bob");
    assertThat(Duration.between(ended.injectedAt, ended.revertedAt))
        .isLessThan(Duration.ofMinutes(5));
    assertThat(reverted().before()).isEqualTo(BEFORE);
  }

  @Test
  void aTrippedStopCondition_revertsAtOnce() {
    when(activities.checkStopConditions(any()))
        .thenReturn(new StopCheck(false, "errorRatio 0.2"))
        .thenReturn(new StopCheck(true, "errorRatio 0.74 above 0.5"));
    started(request(Duration.ofHours(2)));

    DrillState ended = result();

    assertThat(ended.endReason).isEqualTo(EndReason.STOP_CONDITION);
    assertThat(ended.endDetail).isEqualTo("errorRatio 0.74 above 0.5");
    assertThat(Duration.between(ended.injectedAt, ended.revertedAt))
        .isLessThan(Duration.ofMinutes(2));
    verify(activities).revert(any());
    ArgumentCaptor<StopCheckRequest> check = ArgumentCaptor.forClass(StopCheckRequest.class);
    verify(activities, times(2)).checkStopConditions(check.capture());
    assertThat(check.getValue().conditions())
        .containsExactly(DrillStopCondition.errorRatioAboveHalf());
  }

  @Test
  void stopConditionsThatCannotBeChecked_revertRatherThanRunBlind() {
    when(activities.checkStopConditions(any()))
        .thenThrow(ExpectedFailures.notConfigured("Prometheus (incident.prometheus.url)"));
    started(request(Duration.ofHours(2)));

    DrillState ended = result();

    assertThat(ended.endReason).isEqualTo(EndReason.STOP_CONDITION);
    assertThat(ended.endDetail).contains("cannot be checked", "NOT_CONFIGURED");
    verify(activities).revert(any());
  }

  @Test
  void aRealIncidentOnTheService_revertsAtOnce() {
    DrillWorkflow drill = started(request(Duration.ofHours(2)));
    verify(activities, timeout(5_000)).inject(any());

    drill.incidentOpened(
        new DrillIncident("incident-checkout-real", T0.plusSeconds(60), Severity.P1, false));
    DrillState ended = result();

    assertThat(ended.endReason).isEqualTo(EndReason.REAL_INCIDENT);
    assertThat(ended.endDetail).contains("incident-checkout-real");
    assertThat(Duration.between(ended.injectedAt, ended.revertedAt))
        .isLessThan(Duration.ofMinutes(5));
    verify(activities).revert(any());
  }

  @Test
  void cancelled_theFaultIsStillReverted() {
    started(request(Duration.ofHours(2)));
    verify(activities, timeout(5_000)).inject(any());

    client.newUntypedWorkflowStub(DrillWorkflow.workflowId("checkout")).cancel();

    verify(activities, timeout(10_000)).revert(any());
    assertThat(reverted().before()).isEqualTo(BEFORE);
  }

  @Test
  void cancelledWhileTheInjectIsInFlight_revertsOnlyAfterTheInjectFinished() throws Exception {
    CountDownLatch injecting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    doAnswer(
            call -> {
              injecting.countDown();
              release.await(10, TimeUnit.SECONDS);
              return null;
            })
        .when(activities)
        .inject(any());
    started(request(Duration.ofHours(2)));
    assertThat(injecting.await(10, TimeUnit.SECONDS)).isTrue();

    client.newUntypedWorkflowStub(DrillWorkflow.workflowId("checkout")).cancel();
    Thread.sleep(500);
    verify(activities, never()).revert(any());
    release.countDown();

    InOrder order = inOrder(activities);
    order.verify(activities, timeout(10_000)).inject(any());
    order.verify(activities, timeout(10_000)).revert(any());
  }

  @Test
  void anInjectThatFailsHalfway_isRevertedAndTheDrillEndsFailed() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "patched, then the API server went away", FailureType.BAD_REQUEST.type()))
        .when(activities)
        .inject(any());
    started(request(Duration.ofHours(2)));

    DrillState ended = result();

    assertThat(ended.endReason).isEqualTo(EndReason.FAILED);
    assertThat(ended.endDetail).contains("patched, then the API server went away");
    assertThat(ended.injectedAt).isNull();
    assertThat(reverted().before()).isEqualTo(BEFORE);
    assertThat(ended.revertedAt).isNotNull();
  }

  @Test
  void aTargetThatCannotBeRead_injectsNothingAndRevertsNothing() {
    doThrow(ExpectedFailures.refused("namespace 'shop' is not allowed"))
        .when(activities)
        .capture(any());
    started(request(Duration.ofHours(2)));

    DrillState ended = result();

    assertThat(ended.endReason).isEqualTo(EndReason.FAILED);
    verify(activities, never()).inject(any());
    verify(activities, never()).revert(any());
    assertThat(events(ended)).contains("Nothing was injected");
  }

  @Test
  void aDryRunTheWorkerDecided_isSaidAsADryRun() {
    doReturn(
            new DrillInjection(
                "drill-checkout",
                DrillScenarios.FAILURE_RATE,
                "checkout",
                "shop",
                Map.of(),
                BEFORE,
                "FAILURE_RATE=0.3 on shop/checkout",
                true))
        .when(activities)
        .capture(any());
    started(request(Duration.ofMinutes(10)));

    DrillState ended = result();

    assertThat(ended.dryRun).isTrue();
    assertThat(events(ended))
        .contains("Dry run, nothing changed: FAILURE_RATE=0.3 on shop/checkout");
  }

  @Test
  void aNullStopCondition_isIgnored_notAWorkflowTaskThatFailsForever() {
    DrillRequest r = request(Duration.ofMinutes(10));
    started(
        new DrillRequest(
            r.scenario(),
            r.service(),
            r.namespace(),
            r.duration(),
            r.parameters(),
            java.util.Arrays.asList(null, DrillStopCondition.errorRatioAboveHalf()),
            null,
            r.by(),
            r.reason(),
            false,
            false,
            null));

    assertThat(result().endReason).isEqualTo(EndReason.PLANNED_END);
  }

  @Test
  void aRevertThatFailsTwice_isRetriedUntilItSucceeds() {
    when(activities.revert(any()))
        .thenThrow(ApplicationFailure.newFailure("API server down", "UNAVAILABLE"))
        .thenThrow(ApplicationFailure.newFailure("API server down", "UNAVAILABLE"))
        .thenReturn("restored");
    started(request(Duration.ofMinutes(10)));

    DrillState ended = result();

    verify(activities, times(3)).revert(any());
    assertThat(ended.revertedAt).isNotNull();
    assertThat(events(ended)).contains("Fault reverted");
  }

  @Test
  void aRevertRefusedForGood_isTriedAgainUntilItSucceeds() {
    when(activities.revert(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("forbidden", "INVALID_CREDENTIALS"))
        .thenReturn("restored");
    started(request(Duration.ofMinutes(10)));

    DrillState ended = result();

    verify(activities, times(2)).revert(any());
    assertThat(ended.revertedAt).isNotNull();
    assertThat(events(ended)).contains("Revert failed: INVALID_CREDENTIALS: forbidden");
  }

  @Test
  void withTheDrillIncidentSignalled_theResponseIsScoredAgainstTheTargets() {
    DrillWorkflow drill = started(request(Duration.ofHours(1)));
    verify(activities, timeout(5_000)).inject(any());
    Instant injected = drill.state().injectedAt;
    String id = "incident-checkout-HighErrorRate";
    when(activities.incidentTimes(id))
        .thenReturn(
            new IncidentTimes(
                id,
                Severity.P1,
                injected.plus(Duration.ofMinutes(3)),
                injected.plus(Duration.ofMinutes(70)),
                "carol",
                injected.plus(Duration.ofMinutes(50))));

    drill.incidentOpened(new DrillIncident(id, injected.plusSeconds(180), Severity.P1, true));
    DrillState ended = result();

    assertThat(ended.endReason).isEqualTo(EndReason.PLANNED_END);
    assertThat(ended.drillIncidentId).isEqualTo(id);
    DrillScore score = ended.score;
    assertThat(score.detected()).isTrue();
    assertThat(score.measures())
        .containsExactly(
            new DrillMeasure(DrillScore.DETECT, Duration.ofMinutes(3), Duration.ofMinutes(5), true),
            new DrillMeasure(
                DrillScore.ACKNOWLEDGE, Duration.ofMinutes(70), Duration.ofHours(1), false),
            new DrillMeasure(
                DrillScore.MITIGATE, Duration.ofMinutes(50), Duration.ofHours(1), true));
    verify(activities).incidentTimes(eq(id));
  }

  @Test
  void noIncidentOpened_isScoredNotDetected() {
    started(request(Duration.ofMinutes(10)));

    DrillState ended = result();

    assertThat(ended.score.detected()).isFalse();
    assertThat(events(ended)).contains("Score: not detected");
    verify(activities, never()).incidentTimes(any());
  }

  @Test
  void anUnknownScenario_isRefusedAsABadRequestAndTouchesNothing() {
    DrillRequest bad =
        new DrillRequest(
            "unplug-datacenter",
            "checkout",
            "shop",
            Duration.ofMinutes(10),
            null,
            null,
            null,
            "alice",
            null,
            false,
            false,
            null);
    started(bad);

    Throwable failure =
        catchThrowable(
            () ->
                client
                    .newUntypedWorkflowStub(DrillWorkflow.workflowId("checkout"))
                    .getResult(DrillState.class));

    assertThat(failure).isInstanceOf(WorkflowFailedException.class);
    assertThat(((ApplicationFailure) failure.getCause()).getType())
        .isEqualTo(FailureType.BAD_REQUEST.type());
    verify(activities, never()).capture(any());
  }

  @Test
  void aDurationPastFourHours_isRefused() {
    started(request(Duration.ofHours(5)));

    Throwable failure =
        catchThrowable(
            () ->
                client
                    .newUntypedWorkflowStub(DrillWorkflow.workflowId("checkout"))
                    .getResult(DrillState.class));

    assertThat(((ApplicationFailure) failure.getCause()).getOriginalMessage())
        .contains("at most 4 hours");
  }
}
