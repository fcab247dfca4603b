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

import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.maintenance.MaintenanceState.Status;
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

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(MaintenanceWorkflowImpl.class)
          .setInitialTime(T0)
          .setDoNotStart(true)
          .build();

  private final MaintenanceActivities alertmanager =
      mock(MaintenanceActivities.class, withSettings().withoutAnnotations());
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
    worker.registerActivitiesImplementations(alertmanager);
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
    started("checkout", Duration.ofHours(2));
    verify(alertmanager, timeout(5_000)).silence(any());

    client.newUntypedWorkflowStub(MaintenanceWorkflow.workflowId("checkout")).cancel();

    verify(alertmanager, timeout(10_000)).expireSilence(SILENCE);
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

    verify(alertmanager, timeout(10_000)).expireSilence(SILENCE);
    assertThat(calls.get()).isEqualTo(2);
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
}
