package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.hasEvent;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static io.incidentresponse.workflows.incident.Incidents.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * Paths of the runbook that ran without a test: the status page following each internal update, a
 * person rejecting a mitigation, a person reopening a mitigated incident, and escalation when the
 * incident continues as new before anyone acknowledged it.
 */
class IncidentPathsTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  private final Activities activities = new Activities();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowOptions options;
  private final List<String> opened = new ArrayList<>();

  @BeforeEach
  void startWorker(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    activities.registerOn(worker);
    env.start();
    this.env = env;
    this.client = env.getWorkflowClient();
    this.options = options;
  }

  @AfterEach
  void loopNeverSpun() {
    Incidents.assertNeverSpun(client, opened);
  }

  private IncidentWorkflow open(String id, ResponsePolicy policy, Alert... alerts) {
    opened.add(id);
    return start(client, options, id, policy, alerts);
  }

  private static Alert p1() {
    return alert("CheckoutErrors", "checkout", "severity", "critical");
  }

  private static Instant at(int minutes) {
    return Incidents.START.plus(Duration.ofMinutes(minutes));
  }

  // ------------------------------------------------------------ status page with each update

  @Test
  void internalUpdateOfAP1WithAStatusPage_updatesThePageOnceWithTheUpdatesNextTime() {
    ResponsePolicy userFacing =
        policy(
            "\"services\":{\"checkout\":{\"userFacing\":true,\"statusPageComponent\":\"Cart\"}}");
    IncidentWorkflow incident = open("inc-sp-update", userFacing, p1());
    IncidentState state = await(incident, s -> s.statusPage != null);
    assertThat(state.severity).isEqualTo(Severity.P1);
    incident.acknowledge(new AcknowledgeRequest("carol", null));

    env.sleep(Duration.ofMinutes(61));

    ArgumentCaptor<IncidentUpdate> update = ArgumentCaptor.forClass(IncidentUpdate.class);
    verify(activities.chat, timeout(5_000)).postUpdate(update.capture());
    ArgumentCaptor<StatusPageNotice> notice = ArgumentCaptor.forClass(StatusPageNotice.class);
    verify(activities.statusPage, timeout(5_000).times(1)).updateStatusIncident(notice.capture());
    assertThat(update.getValue().sequence()).isEqualTo(1);
    // detection lags the test's clock by seconds on a busy machine
    assertThat(update.getValue().nextUpdateAt()).isBetween(at(120), at(120).plusSeconds(60));
    StatusPageNotice sent = notice.getValue();
    assertThat(sent.existing().id()).isEqualTo("sp-1");
    assertThat(sent.component()).isEqualTo("Cart");
    assertThat(sent.brief().incidentId()).isEqualTo("inc-sp-update");
    assertThat(sent.brief().phase()).isEqualTo(Phase.MITIGATING);
    assertThat(sent.nextUpdateAt()).isEqualTo(update.getValue().nextUpdateAt());
    assertThat(sent.message())
        .startsWith("We are currently investigating reports of ")
        .contains("Users may experience")
        .endsWith("Next update: 2026-11-26 16:00 UTC");

    // the next internal update, an hour later, is the page's second and last so far
    env.sleep(Duration.ofMinutes(60));
    verify(activities.chat, timeout(5_000).times(2)).postUpdate(any());
    verify(activities.statusPage, timeout(5_000).times(2)).updateStatusIncident(any());
    verify(activities.statusPage, times(1)).openStatusIncident(any());
  }

  @Test
  void internalUpdateOfAnIncidentWithoutAStatusPage_leavesThePageAlone() {
    IncidentWorkflow incident = open("inc-sp-none", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.acknowledge(new AcknowledgeRequest("carol", null));

    env.sleep(Duration.ofMinutes(61));

    verify(activities.chat, timeout(5_000)).postUpdate(any());
    assertThat(incident.state().statusPage).isNull();
    verify(activities.statusPage, never()).updateStatusIncident(any());
    verify(activities.statusPage, never()).openStatusIncident(any());
  }

  // ------------------------------------------------------------ reject

  @Test
  void rejectedRollback_neverRunsAndTheStateAndTimelineSayWhoRejectedAndWhy() {
    activities.proposeRollback();
    IncidentWorkflow incident = open("inc-reject", policy(), p1());
    await(incident, s -> !s.pendingApprovals().isEmpty());

    incident.reject(new RejectRequest("rollback-1", "alice", "the deploy only changed docs"));

    IncidentState state = await(incident, s -> s.pendingApprovals().isEmpty());
    MitigationAction rollback = state.actions.get(0);
    assertThat(rollback.status()).isEqualTo(ActionStatus.REJECTED);
    assertThat(rollback.decidedBy()).isEqualTo("alice");
    assertThat(rollback.decidedAt()).isNotNull();
    assertThat(rollback.outcome()).isEqualTo("the deploy only changed docs");
    assertThat(state.timeline)
        .anyMatch(
            e ->
                e.actor().equals("alice")
                    && e.event().startsWith("Rejected rollback-1")
                    && e.actionTaken().equals("the deploy only changed docs"));
    assertThat(state.phase).isEqualTo(Phase.MITIGATING);

    // an approval after the rejection changes nothing: the action is decided
    incident.approve(new ApproveRequest("rollback-1", "alice", "changed my mind"));
    state = await(incident, s -> hasEvent(s, "Ignored approval of rollback-1: already REJECTED"));
    assertThat(state.actions.get(0).status()).isEqualTo(ActionStatus.REJECTED);
    env.sleep(Duration.ofMinutes(30));
    verify(activities.mitigation, never()).runMitigation(any());
    assertThat(incident.state().actionsRun).isZero();
  }

  @Test
  void rejectionByAPersonWhoMayNotDecide_isRefusedAndTheActionStillWaits() {
    activities.proposeRollback();
    IncidentWorkflow incident = open("inc-reject-bob", policy(), p1());
    await(incident, s -> !s.pendingApprovals().isEmpty());

    // bob approves low and medium risk only; the rollback is HIGH
    incident.reject(new RejectRequest("rollback-1", "bob", "no"));

    IncidentState state = await(incident, s -> hasEvent(s, "Refused rejection of rollback-1: bob"));
    assertThat(state.actions.get(0).status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(state.pendingApprovals()).extracting(MitigationAction::id).contains("rollback-1");
  }

  // ------------------------------------------------------------ reopen

  @Test
  void reopenWhileMonitoring_goesBackToMitigationDiagnosesAgainAndTheClocksGoOn() {
    IncidentWorkflow incident = open("inc-reopen", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING && s.diagnosisRounds == 1);
    incident.acknowledge(new AcknowledgeRequest("carol", null));
    env.sleep(Duration.ofMinutes(20));
    incident.markMitigated(new MarkMitigatedRequest("carol", "restarted the pods"));
    IncidentState monitoring = await(incident, s -> s.phase == Phase.MONITORING);
    assertThat(monitoring.monitoringEndsAt).isNotNull();

    incident.reopen(new ReopenRequest("carol", "errors are back"));

    IncidentState reopened =
        await(incident, s -> s.phase == Phase.MITIGATING && s.diagnosisRounds == 2);
    assertThat(reopened.reopenCount).isEqualTo(1);
    assertThat(reopened.monitoringEndsAt).isNull();
    assertThat(reopened.restoredAt).as("service is not restored any more").isNull();
    assertThat(reopened.timeline)
        .anyMatch(
            e ->
                e.event().equals("Regression: reopened by carol: errors are back")
                    && e.actionTaken().startsWith("Mitigation reopened; diagnosing again"));
    verify(activities.diagnosis, timeout(5_000).times(2)).inspectPods(any());

    // the monitoring window that was running is gone: its end passes and nothing resolves
    env.sleep(Duration.ofMinutes(45));
    assertThat(incident.state().phase).isEqualTo(Phase.MITIGATING);
    // the internal update cadence goes on (P1: hourly from detection) and says MITIGATING
    verify(activities.chat, timeout(5_000))
        .postUpdate(argThat(u -> u.sequence() == 1 && u.status().equals("MITIGATING")));

    // mitigated again: a fresh window, twice the time from detection, then resolution
    incident.markMitigated(new MarkMitigatedRequest("carol", "rolled back"));
    IncidentState again = await(incident, s -> s.phase == Phase.MONITORING);
    Duration toMitigation = Duration.between(again.detectedAt, again.mitigatedAt);
    assertThat(toMitigation).isGreaterThanOrEqualTo(Duration.ofMinutes(65));
    assertThat(Duration.between(again.mitigatedAt, again.monitoringEndsAt))
        .isEqualTo(toMitigation.multipliedBy(2));
    env.sleep(toMitigation.multipliedBy(2).plusMinutes(1));
    IncidentState resolved = await(incident, s -> s.phase.isOver());
    assertThat(resolved.reopenCount).isEqualTo(1);
  }

  @Test
  void reopenOfAnIncidentThatIsNotMonitoring_isIgnoredAndRecorded() {
    IncidentWorkflow incident = open("inc-reopen-early", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING && s.diagnosisRounds == 1);

    incident.reopen(new ReopenRequest("carol", "still broken"));

    IncidentState state =
        await(
            incident,
            s -> hasEvent(s, "Ignored reopen: the incident is MITIGATING, not MONITORING"));
    assertThat(state.reopenCount).isZero();
    assertThat(state.diagnosisRounds).isEqualTo(1);
  }

  // ------------------------------------------------------------ escalation across continue-as-new

  /**
   * In real time: the test server stops skipping time once a run has continued as new (its {@code
   * sleep} then waits out the whole duration on the wall clock; cf. temporalio/sdk-java#1540), so
   * the P0 response time is 20 seconds here instead of 15 minutes.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void unacknowledgedP0ThatContinuesAsNewBeforeAnyoneAnswers_stillEscalatesOnTime() {
    Duration responseTime = Duration.ofSeconds(20);
    // the smallest history limit: the initial response alone (page, channel, twelve probes)
    // passes it, so the incident continues as new on its own, before anyone could answer
    IncidentWorkflow incident =
        open(
            "inc-can-escalate",
            policy("\"continueAsNewAfterEvents\":50,\"responseTimes\":{\"P0\":\"PT20S\"}"),
            alert("ApiGatewayDown", "api-gateway", "priority", "P0"));
    IncidentState carried = await(incident, s -> s.generation >= 1);
    assertThat(carried.acknowledged()).isFalse();
    assertThat(carried.escalationLevel).as("continued as new before the first escalation").isZero();
    Instant detected = carried.detectedAt;
    assertThat(carried.acknowledgementDueAt).isEqualTo(detected.plus(responseTime));
    assertThat(
            client
                .fetchHistory("inc-can-escalate")
                .getHistory()
                .getEvents(0)
                .getWorkflowExecutionStartedEventAttributes()
                .getContinuedExecutionRunId())
        .as("the open run was continued from another")
        .isNotEmpty();

    IncidentState escalated = await(incident, s -> s.escalationLevel == 1);
    verify(activities.paging, timeout(5_000).times(1)).escalatePage(argThat(r -> r.level() == 1));
    TimelineEntry first = escalationAt(escalated, 1);
    assertThat(first.at()).isBetween(detected.plus(responseTime), detected.plusSeconds(35));
    assertThat(escalated.acknowledgementDueAt).isEqualTo(first.at().plus(responseTime));

    IncidentState second = await(incident, s -> s.escalationLevel == 2);
    verify(activities.paging, timeout(5_000).times(1)).escalatePage(argThat(r -> r.level() == 2));
    verify(activities.paging, times(2)).escalatePage(any());
    assertThat(escalationAt(second, 2).at())
        .isBetween(first.at().plus(responseTime), first.at().plusSeconds(35));
  }

  /** The timeline line of the escalation to {@code level}. */
  private static TimelineEntry escalationAt(IncidentState state, int level) {
    List<TimelineEntry> escalations =
        state.timeline.stream()
            .filter(e -> e.event().startsWith("No acknowledgement within"))
            .toList();
    assertThat(escalations).hasSizeGreaterThanOrEqualTo(level);
    return escalations.get(level - 1);
  }
}
