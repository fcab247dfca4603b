package io.incidentresponse.workflows.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.communication.StatusPageRef;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.maintenance.MaintenanceState.Status;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/** A maintenance window on Temporal's time-skipping test server, Alertmanager's side mocked. */
class MaintenanceWorkflowTest {
  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
  private static final String SILENCE = "25dc2c99-089b-446e-a6fd-c5eb71bbb1ab";
  private static final String OWN = "app=checkout";
  private static final String BACKEND = "app=maintenance-page";
  private static final MaintenanceOptions ANNOUNCED_AND_SWITCHED =
      new MaintenanceOptions(true, List.of("cmp-checkout"), "shop", BACKEND, false);

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(MaintenanceWorkflowImpl.class)
          .setInitialTime(T0)
          .setDoNotStart(true)
          .build();

  private final MaintenanceActivities alertmanager =
      mock(MaintenanceActivities.class, withSettings().withoutAnnotations());
  private final MaintenanceNoticeActivities statusPage =
      mock(MaintenanceNoticeActivities.class, withSettings().withoutAnnotations());
  private final MitigationActivities kubernetes =
      mock(MitigationActivities.class, withSettings().withoutAnnotations());
  private final CountDownLatch releaseExpiry = new CountDownLatch(1);
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    this.env = env;
    this.taskQueue = options.getTaskQueue();
    this.client = env.getWorkflowClient();
    when(alertmanager.silence(any())).thenReturn(SILENCE);
    when(statusPage.announceMaintenance(any()))
        .thenReturn(new StatusPageRef("sp-maint-1", "https://stspg.io/m1"));
    when(kubernetes.runMitigation(any()))
        .thenAnswer(
            call -> {
              MitigationRequest asked = call.getArgument(0);
              String to = asked.action().parameters().get(ActionParameters.SELECTOR);
              String from = to.equals(OWN) ? BACKEND : OWN;
              return new MitigationResult(
                  "redirect service shop/checkout from selector " + from + " to " + to,
                  Map.of(ActionParameters.SELECTOR, from),
                  Map.of(ActionParameters.SELECTOR, to));
            });
    worker.registerActivitiesImplementations(alertmanager, statusPage, kubernetes);
    env.start();
  }

  @AfterEach
  void release() {
    releaseExpiry.countDown();
  }

  private MaintenanceWorkflow maintenance(String service) {
    return client.newWorkflowStub(
        MaintenanceWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(MaintenanceWorkflow.workflowId(service))
            .setTaskQueue(taskQueue)
            .build());
  }

  private MaintenanceWorkflow started(String service, Duration duration) {
    MaintenanceWorkflow stub = maintenance(service);
    WorkflowClient.start(
        stub::run, new MaintenanceRequest(service, duration, "db upgrade", "alice"));
    return stub;
  }

  private MaintenanceWorkflow started(String service, MaintenanceOptions options) {
    MaintenanceWorkflow stub = maintenance(service);
    WorkflowClient.start(
        stub::run,
        new MaintenanceRequest(service, Duration.ofHours(2), "db upgrade", "alice", options));
    return stub;
  }

  private MaintenanceState result(String service) {
    return client
        .newUntypedWorkflowStub(MaintenanceWorkflow.workflowId(service))
        .getResult(MaintenanceState.class);
  }

  private static List<String> events(MaintenanceState state) {
    return state.timeline.stream().map(TimelineEntry::event).toList();
  }

  @Test
  void atItsDeadline_theMaintenanceEndsByItselfAndExpiresItsSilence() {
    started("checkout", Duration.ofHours(2));

    MaintenanceState ended = result("checkout");

    ArgumentCaptor<SilenceRequest> silence = ArgumentCaptor.forClass(SilenceRequest.class);
    verify(alertmanager).silence(silence.capture());
    assertThat(silence.getValue().service()).isEqualTo("checkout");
    assertThat(silence.getValue().endsAt())
        .isEqualTo(silence.getValue().startsAt().plus(Duration.ofHours(2)));
    assertThat(silence.getValue().createdBy()).isEqualTo("alice");
    verify(alertmanager).expireSilence(SILENCE);
    assertThat(ended.status).isEqualTo(Status.ENDED);
    assertThat(ended.endedBy).isEqualTo("system");
    assertThat(Duration.between(ended.startedAt, ended.endedAt))
        .isBetween(Duration.ofHours(2), Duration.ofHours(2).plusSeconds(1));
    assertThat(events(ended))
        .contains(
            "Maintenance of checkout reached its deadline", "Silence " + SILENCE + " expired");
  }

  @Test
  void endedByAPerson_itStopsEarlyAndSaysWho() {
    MaintenanceWorkflow stub = started("checkout", Duration.ofHours(2));

    stub.end(new EndMaintenanceRequest("bob", "upgrade done"));
    MaintenanceState ended = result("checkout");

    assertThat(ended.endedBy).isEqualTo("bob");
    assertThat(Duration.between(ended.startedAt, ended.endedAt)).isLessThan(Duration.ofHours(1));
    verify(alertmanager).expireSilence(SILENCE);
  }

  @Test
  void cancelled_itStillExpiresTheSilence() {
    MaintenanceWorkflow stub = started("checkout", Duration.ofHours(2));
    awaitState(stub, state -> state.silenceId != null);

    client.newUntypedWorkflowStub(MaintenanceWorkflow.workflowId("checkout")).cancel();

    verify(alertmanager, timeout(30_000)).expireSilence(SILENCE);
  }

  @Test
  void cancelledWhileTheSilenceIsBeingMade_itFindsThatSilenceAndExpiresIt() {
    CountDownLatch firstCall = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    when(alertmanager.silence(any()))
        .thenAnswer(
            call -> {
              if (calls.incrementAndGet() == 1) {
                firstCall.countDown();
                releaseExpiry.await(10, TimeUnit.SECONDS); // Alertmanager slow to answer
              }
              return SILENCE;
            });
    started("checkout", Duration.ofHours(2));
    assertThat(awaitQuietly(firstCall)).isTrue();

    client.newUntypedWorkflowStub(MaintenanceWorkflow.workflowId("checkout")).cancel();

    verify(alertmanager, timeout(30_000)).expireSilence(SILENCE);
    assertThat(calls.get()).isEqualTo(2);
  }

  private static void awaitState(
      MaintenanceWorkflow stub, java.util.function.Predicate<MaintenanceState> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.test(stub.state())) {
      assertThat(System.nanoTime()).as("state never came").isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void heldAlerts_areCountedOnTheTimeline_andRefusedOnceItEnds() throws Exception {
    when(alertmanager.silence(any()))
        .thenThrow(
            ExpectedFailures.notConfigured(
                "Alertmanager silences (incident.alertmanager.url) are not configured"));
    MaintenanceWorkflow stub = started("payments", Duration.ofHours(1));
    awaitState(stub, state -> state.silenceProblem != null);

    boolean held =
        stub.holdAlerts(
            new HeldAlerts("GRAFANA", List.of("A1", "A2", "A3", "A4", "A5", "A6", "A7"), 7, T0));
    MaintenanceState during = stub.state();

    assertThat(held).isTrue();
    assertThat(during.alertsHeld).isEqualTo(7);
    assertThat(during.silenceId).isNull();
    assertThat(during.silenceProblem).startsWith("NOT_CONFIGURED");
    assertThat(events(during))
        .contains("Held 7 alert(s) from GRAFANA: A1, A2, A3, A4, A5 and 2 more")
        .anyMatch(e -> e.startsWith("No Alertmanager silence: NOT_CONFIGURED"));

    stub.end(new EndMaintenanceRequest("alice", null));
    MaintenanceState ended = result("payments");
    assertThat(ended.alertsHeld).isEqualTo(7);
    verify(alertmanager, never()).expireSilence(any());
  }

  @Test
  void whileItEnds_theDoorIsToldNo_soItOpensTheIncident() throws Exception {
    org.mockito.Mockito.doAnswer(
            call -> {
              releaseExpiry.await(10, TimeUnit.SECONDS);
              return null;
            })
        .when(alertmanager)
        .expireSilence(any());
    MaintenanceWorkflow stub = started("checkout", Duration.ofHours(2));

    stub.end(new EndMaintenanceRequest("bob", null));
    verify(alertmanager, timeout(5_000)).expireSilence(SILENCE);
    boolean held = stub.holdAlerts(new HeldAlerts("ALERTMANAGER", List.of("Late"), 1, T0));
    releaseExpiry.countDown();

    assertThat(held).isFalse();
    assertThat(result("checkout").alertsHeld).isZero();
  }

  @Test
  void extended_itEndsAtTheNewDeadline_withTheSilenceMoved() {
    when(alertmanager.extendSilence(eq(SILENCE), any())).thenReturn("new-silence");
    MaintenanceWorkflow stub = started("checkout", Duration.ofHours(1));
    env.sleep(Duration.ofMinutes(30));

    stub.extend(new ExtendMaintenanceRequest("alice", Duration.ofHours(3), "slower than planned"));
    MaintenanceState ended = result("checkout");

    assertThat(Duration.between(ended.startedAt, ended.endedAt))
        .isBetween(Duration.ofMinutes(209), Duration.ofMinutes(211));
    ArgumentCaptor<SilenceRequest> moved = ArgumentCaptor.forClass(SilenceRequest.class);
    verify(alertmanager).extendSilence(eq(SILENCE), moved.capture());
    assertThat(moved.getValue().endsAt()).isEqualTo(ended.endsAt);
    verify(alertmanager).expireSilence("new-silence");
  }

  @Test
  void longerThanAWeek_failsAsABadRequestAndSilencesNothing() {
    MaintenanceWorkflow stub = maintenance("checkout");

    Throwable refused =
        catchThrowable(
            () -> stub.run(new MaintenanceRequest("checkout", Duration.ofDays(8), null, "alice")));

    assertThat(refused).isInstanceOf(WorkflowFailedException.class);
    assertThat(((ApplicationFailure) refused.getCause()).getType()).isEqualTo("BAD_REQUEST");
    verify(alertmanager, never()).silence(any());
  }

  @Test
  void announcedAndSwitched_atTheDeadlineThePageIsCompletedAndTrafficComesBack() {
    started("checkout", ANNOUNCED_AND_SWITCHED);

    MaintenanceState ended = result("checkout");

    ArgumentCaptor<MaintenanceNotice> announced = ArgumentCaptor.forClass(MaintenanceNotice.class);
    verify(statusPage).announceMaintenance(announced.capture());
    assertThat(announced.getValue().components()).containsExactly("cmp-checkout");
    assertThat(announced.getValue().endsAt()).isEqualTo(ended.endsAt);
    assertThat(announced.getValue().message()).contains("checkout").contains("db upgrade");
    ArgumentCaptor<MitigationRequest> switched = ArgumentCaptor.forClass(MitigationRequest.class);
    verify(kubernetes, org.mockito.Mockito.times(2)).runMitigation(switched.capture());
    MitigationRequest there = switched.getAllValues().get(0);
    MitigationRequest back = switched.getAllValues().get(1);
    assertThat(there.action().type()).isEqualTo(ActionType.REDIRECT_TRAFFIC);
    assertThat(there.action().namespace()).isEqualTo("shop");
    assertThat(there.action().target()).isEqualTo("checkout");
    assertThat(there.action().parameters()).containsEntry(ActionParameters.SELECTOR, BACKEND);
    assertThat(back.action().parameters()).containsEntry(ActionParameters.SELECTOR, OWN);
    assertThat(back.idempotencyKey()).isNotEqualTo(there.idempotencyKey());
    ArgumentCaptor<MaintenanceNotice> completed = ArgumentCaptor.forClass(MaintenanceNotice.class);
    verify(statusPage).completeMaintenance(completed.capture());
    assertThat(completed.getValue().existing().id()).isEqualTo("sp-maint-1");
    assertThat(ended.ownSelector).isEqualTo(OWN);
    assertThat(ended.trafficProblem).isNull();
    assertThat(events(ended))
        .contains(
            "Status page: scheduled maintenance in progress for [cmp-checkout]",
            "redirect service shop/checkout from selector " + OWN + " to " + BACKEND,
            "redirect service shop/checkout from selector " + BACKEND + " to " + OWN,
            "Status page maintenance completed");
  }

  @Test
  void extended_theStatusPageMaintenanceMovesToo() {
    MaintenanceWorkflow stub =
        started(
            "checkout", new MaintenanceOptions(true, List.of("cmp-checkout"), null, null, false));
    verify(statusPage, timeout(5_000)).announceMaintenance(any());

    stub.extend(new ExtendMaintenanceRequest("alice", Duration.ofHours(5), null));
    MaintenanceState ended = result("checkout");

    ArgumentCaptor<MaintenanceNotice> moved = ArgumentCaptor.forClass(MaintenanceNotice.class);
    verify(statusPage).rescheduleMaintenance(moved.capture());
    assertThat(moved.getValue().endsAt()).isEqualTo(ended.endsAt);
    assertThat(moved.getValue().existing().id()).isEqualTo("sp-maint-1");
    verify(kubernetes, never()).runMitigation(any());
  }

  @Test
  void cancelled_thePageIsCompletedAndTrafficComesBackAnyway() {
    MaintenanceWorkflow stub = started("checkout", ANNOUNCED_AND_SWITCHED);
    // cancelled while waiting: an activity completing as its cancellation is asked for makes the
    // test server refuse the workflow task, a race of the test server not of the workflow
    awaitState(stub, state -> state.ownSelector != null);

    client.newUntypedWorkflowStub(MaintenanceWorkflow.workflowId("checkout")).cancel();

    verify(statusPage, timeout(30_000)).completeMaintenance(any());
    verify(kubernetes, timeout(30_000).times(2)).runMitigation(any());
  }

  @Test
  void noStatusPageAndARefusedSwitch_areRecorded_andNothingIsUndoneThatWasNotDone() {
    when(statusPage.announceMaintenance(any()))
        .thenThrow(ExpectedFailures.notConfigured("status page is not configured"));
    org.mockito.Mockito.doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "namespace shop is not in the allow-list", "GUARDRAIL"))
        .when(kubernetes)
        .runMitigation(any());
    MaintenanceWorkflow stub = started("checkout", ANNOUNCED_AND_SWITCHED);

    stub.end(new EndMaintenanceRequest("alice", null));
    MaintenanceState ended = result("checkout");

    assertThat(ended.statusPageProblem).startsWith("NOT_CONFIGURED");
    assertThat(ended.trafficProblem).contains("allow-list");
    assertThat(events(ended))
        .anyMatch(e -> e.startsWith("Not on the status page: NOT_CONFIGURED"))
        .anyMatch(e -> e.startsWith("Traffic not switched to the maintenance backend"));
    verify(statusPage, never()).completeMaintenance(any());
    verify(kubernetes, org.mockito.Mockito.times(1)).runMitigation(any());
    verify(alertmanager).expireSilence(SILENCE);
  }

  @Test
  void aBackendForEveryService_failsAsABadRequestAndTouchesNothing() {
    MaintenanceWorkflow stub = maintenance("all");

    Throwable refused =
        catchThrowable(
            () ->
                stub.run(
                    new MaintenanceRequest(
                        "all", Duration.ofHours(1), null, "alice", ANNOUNCED_AND_SWITCHED)));

    assertThat(((ApplicationFailure) refused.getCause()).getType()).isEqualTo("BAD_REQUEST");
    verify(alertmanager, never()).silence(any());
    verify(kubernetes, never()).runMitigation(any());
  }

  @Test
  void alertsHeldInTheVeryFirstTask_areHeld_notAWorkflowTaskThatFailsForever() {
    MaintenanceWorkflow stub =
        client.newWorkflowStub(
            MaintenanceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(MaintenanceWorkflow.workflowId("checkout"))
                .setTaskQueue(taskQueue)
                .setWorkflowIdConflictPolicy(
                    io.temporal.api.enums.v1.WorkflowIdConflictPolicy
                        .WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    io.temporal.client.WithStartWorkflowOperation<MaintenanceState> start =
        new io.temporal.client.WithStartWorkflowOperation<>(
            stub::run, new MaintenanceRequest("checkout", Duration.ofHours(2), null, "alice"));

    // the update and the start arrive in one workflow task: the handler runs before the method
    Boolean held =
        WorkflowClient.executeUpdateWithStart(
            stub::holdAlerts,
            new HeldAlerts("ALERTMANAGER", List.of("DiskSlow"), 1, T0),
            io.temporal.client.UpdateOptions.<Boolean>newBuilder()
                .setWaitForStage(io.temporal.client.WorkflowUpdateStage.COMPLETED)
                .build(),
            start);

    assertThat(held).isTrue();
    assertThat(stub.state().alertsHeld).isEqualTo(1);
  }

  @Test
  void aStatusPageThatHangs_doesNotKeepTheTrafficFromTheMaintenanceBackend() {
    when(statusPage.announceMaintenance(any()))
        .thenAnswer(
            call -> {
              releaseExpiry.await(20, TimeUnit.SECONDS); // the status page does not answer
              return new StatusPageRef("sp-late", null);
            });
    MaintenanceWorkflow stub = started("checkout", ANNOUNCED_AND_SWITCHED);

    awaitState(stub, state -> state.ownSelector != null);

    assertThat(stub.state().statusPage).as("still announcing").isNull();
    releaseExpiry.countDown();
    awaitState(stub, state -> state.statusPage != null);
  }
}
