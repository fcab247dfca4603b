package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.eventually;
import static io.incidentresponse.workflows.incident.Incidents.hasEvent;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static io.incidentresponse.workflows.incident.Incidents.resolved;
import static io.incidentresponse.workflows.incident.Incidents.signalAcrossContinueAsNew;
import static io.incidentresponse.workflows.incident.Incidents.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.communication.PageUrgency;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.postmortem.PostmortemInput;
import io.incidentresponse.workflows.postmortem.PostmortemStatus;
import io.incidentresponse.workflows.postmortem.PostmortemWorkflow;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

class IncidentWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  private final Activities activities = new Activities();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowOptions options;

  private final List<String> opened = new ArrayList<>();

  @AfterEach
  void loopNeverSpun() {
    Incidents.assertNeverSpun(client, opened);
  }

  @BeforeEach
  void startWorker(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    activities.registerOn(worker);
    env.start();
    this.env = env;
    this.client = env.getWorkflowClient();
    this.options = options;
  }

  private IncidentWorkflow open(String id, ResponsePolicy policy, Alert... alerts) {
    opened.add(id);
    return start(client, options, id, policy, alerts);
  }

  private static Alert p0() {
    return alert("ApiGatewayDown", "api-gateway", "priority", "P0");
  }

  private static Alert p1() {
    return alert("CheckoutErrors", "checkout", "severity", "critical");
  }

  /** Workflow time {@code minutes} after the test started (time skipping lands within ms). */
  private static Instant at(int minutes) {
    return Incidents.START.plus(Duration.ofMinutes(minutes));
  }

  private IncidentOutcome result(IncidentWorkflow workflow) {
    return WorkflowStub.fromTyped(workflow).getResult(IncidentOutcome.class);
  }

  // ------------------------------------------------------------ response-time timer

  @Test
  void unacknowledgedP0_escalatesOnceAt15MinutesAndAgainAt30() {
    IncidentWorkflow incident = open("inc-escalate", policy(), p0());
    await(incident, s -> s.phase == Phase.MITIGATING);

    env.sleep(Duration.ofMinutes(14));
    verify(activities.paging, never()).escalatePage(any());

    env.sleep(Duration.ofMinutes(2));
    verify(activities.paging, timeout(5_000).times(1)).escalatePage(argThat(r -> r.level() == 1));
    IncidentState state = await(incident, s -> s.escalationLevel == 1);
    assertThat(state.acknowledgementDueAt).isBetween(at(30), at(30).plusSeconds(10));
    assertThat(hasEvent(state, "No acknowledgement within 15m (P0)")).isTrue();

    env.sleep(Duration.ofMinutes(15));
    verify(activities.paging, timeout(5_000).times(1)).escalatePage(argThat(r -> r.level() == 2));
    verify(activities.paging, times(2)).escalatePage(any());
    await(incident, s -> s.escalationLevel == 2);

    // team lead, engineering manager, then the CTO, each after another response time
    env.sleep(Duration.ofMinutes(15));
    verify(activities.paging, timeout(5_000)).escalatePage(argThat(r -> r.level() == 3));
    env.sleep(Duration.ofMinutes(15));
    verify(activities.paging, timeout(5_000)).escalatePage(argThat(r -> r.level() == 4));
    verify(activities.chat, never())
        .notifyLeadership(argThat(n -> n.kind().equals("unacknowledged")));

    // past the top level (five levels by default), leadership hears that nobody answered
    env.sleep(Duration.ofMinutes(15));
    verify(activities.chat, timeout(5_000))
        .notifyLeadership(argThat(n -> n.kind().equals("unacknowledged")));
    state = await(incident, s -> s.escalationExhausted);
    assertThat(state.acknowledgementDueAt).isNull();
    verify(activities.paging, times(4)).escalatePage(any());
    assertThat(state.escalationLevel).isEqualTo(4);
  }

  // ------------------------------------------------------------ one workflow thread

  // An incident waits in one workflow thread (IncidentContext.ONE_THREAD): the response time and
  // the update cadence are wake-up times of the lifecycle loop, not coroutines of their own, and
  // what they do runs beside the loop, so neither waits for the other nor for Slack.

  /**
   * The worker's threads that run {@code workflowId} now: its workflow method and every coroutine
   * (the SDK names them {@code workflow-method-<id>-<run>} and {@code workflow[<id>]-<n>}).
   */
  private static List<String> workflowThreads(String workflowId) {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(
            name ->
                name.startsWith("workflow-method-" + workflowId + "-")
                    || name.startsWith("workflow[" + workflowId + "]-"))
        .toList();
  }

  @Test
  void unacknowledgedP0Waiting_holdsOneWorkflowThreadWithBothTimersArmed() {
    IncidentWorkflow incident = open("inc-one-thread", policy(), p0());
    IncidentState state =
        await(
            incident,
            s -> s.phase == Phase.MITIGATING && s.channel != null && s.leadershipNotified);
    assertThat(state.acknowledgementDueAt).isNotNull();
    assertThat(state.nextUpdateAt).isNotNull();

    // the opening's calls end within moments; then the incident waits for its deadlines alone
    List<String> threads = eventually(() -> workflowThreads("inc-one-thread"), t -> t.size() == 1);
    assertThat(threads.get(0)).startsWith("workflow-method-inc-one-thread-");

    // and it still keeps both deadlines: the escalation at 15 minutes, the update at 30
    env.sleep(Duration.ofMinutes(31));
    verify(activities.paging, timeout(10_000)).escalatePage(argThat(r -> r.level() == 1));
    verify(activities.chat, timeout(10_000)).postUpdate(argThat(u -> u.sequence() == 1));
    assertThat(eventually(() -> workflowThreads("inc-one-thread"), t -> t.size() == 1)).hasSize(1);
  }

  @Test
  void hundredSignalsWhileWaiting_wakeTheLoopWithoutATimerMoreOrAnUpsertMore() {
    IncidentWorkflow incident = open("inc-chatty", policy(), p0());
    await(incident, s -> s.phase == Phase.MITIGATING && s.channel != null && s.leadershipNotified);
    eventually(() -> workflowThreads("inc-chatty"), t -> t.size() == 1);
    long timersBefore = timerCommands("inc-chatty");
    long upsertsBefore = upserts("inc-chatty");

    // one person's roles reassigned 100 times: each changes what people see, none a deadline
    for (int i = 0; i < 100; i++) {
      incident.assignRole(
          new AssignRoleRequest(Role.SCRIBE, i % 2 == 0 ? "erin" : "frank", "carol"));
    }
    IncidentState state =
        await(
            incident,
            s -> s.timeline.stream().filter(e -> e.event().endsWith("is SCRIBE")).count() >= 100);

    assertThat(state.roles).containsEntry(Role.SCRIBE, "frank");
    assertThat(timerCommands("inc-chatty")).isEqualTo(timersBefore);
    assertThat(upserts("inc-chatty")).isEqualTo(upsertsBefore);
    assertThat(eventually(() -> workflowThreads("inc-chatty"), t -> t.size() == 1)).hasSize(1);
  }

  private long timerCommands(String workflowId) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.hasTimerStartedEventAttributes() || e.hasTimerCanceledEventAttributes())
        .count();
  }

  private long upserts(String workflowId) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(HistoryEvent::hasUpsertWorkflowSearchAttributesEventAttributes)
        .count();
  }

  @Test
  void updatePostRetriedAgainstSlack_escalationStillFiresAtItsDeadlineAndTheNextUpdateOnTime() {
    AtomicInteger attempts = new AtomicInteger();
    doAnswer(
            call -> {
              if (call.<IncidentUpdate>getArgument(0).sequence() == 1) {
                // every attempt of the first update: Slack is rate limiting, and slow to say so
                attempts.incrementAndGet();
                Thread.sleep(200);
                throw ApplicationFailure.newFailure("Slack answered 429 ratelimited", "Slack429");
              }
              return null;
            })
        .when(activities.chat)
        .postUpdate(any());
    IncidentWorkflow incident =
        open("inc-slow-slack", policy("\"updateCadence\":{\"P0\":\"PT10M\"}"), p0());
    await(incident, s -> s.phase == Phase.MITIGATING);

    // the first update is due at 10 minutes and is retried against Slack for its 10 minutes
    env.sleep(Duration.ofMinutes(10).plusSeconds(5));
    eventually(attempts::get, n -> n >= 1);
    // the response time passes at 15 minutes while that call is still in flight
    env.sleep(Duration.ofMinutes(6));

    verify(activities.paging, timeout(10_000)).escalatePage(argThat(r -> r.level() == 1));
    IncidentState state = await(incident, s -> s.escalationLevel == 1);
    assertThat(hasEvent(state, "No acknowledgement within 15m (P0)")).isTrue();
    assertThat(state.escalationArmedAt).isBetween(at(15), at(15).plusSeconds(10));
    assertThat(attempts.get()).isGreaterThan(1);
    assertThat(hasEvent(state, "Internal update #1")).isFalse();

    // the first update gives up at 20 minutes, said on the timeline; the second follows at once
    // (its time came while the first was still trying) and the cadence goes on from there
    env.sleep(Duration.ofMinutes(5));
    state = await(incident, s -> hasEvent(s, "Internal update #2 posted"));
    assertThat(hasEvent(state, "Internal update #1 failed")).isTrue();
    ArgumentCaptor<IncidentUpdate> updates = ArgumentCaptor.forClass(IncidentUpdate.class);
    verify(activities.chat, timeout(10_000).atLeast(2)).postUpdate(updates.capture());
    IncidentUpdate second =
        updates.getAllValues().stream().filter(u -> u.sequence() == 2).findFirst().orElseThrow();
    assertThat(second.nextUpdateAt()).isBetween(at(30), at(30).plusSeconds(30));
  }

  @Test
  void p0AcknowledgedAt14Minutes_neverEscalates() {
    IncidentWorkflow incident = open("inc-ack", policy(), p0());
    await(incident, s -> s.phase == Phase.MITIGATING);
    env.sleep(Duration.ofMinutes(14));

    incident.acknowledge(new AcknowledgeRequest("carol", "on it"));
    IncidentState state = await(incident, IncidentState::acknowledged);
    env.sleep(Duration.ofHours(3));

    verify(activities.paging, never()).escalatePage(any());
    verify(activities.paging, timeout(5_000)).acknowledgePage(argThat(r -> r.page() != null));
    state = incident.state();
    assertThat(state.acknowledgedBy).isEqualTo("carol");
    assertThat(state.roles).containsEntry(Role.INCIDENT_COMMANDER, "carol");
    assertThat(state.escalationLevel).isZero();
    assertThat(Duration.between(state.detectedAt, state.acknowledgedAt))
        .isBetween(Duration.ofMinutes(14), Duration.ofMinutes(14).plusSeconds(10));
  }

  @Test
  void severityRaisedToP0_shortensTheResponseTimeAndTellsLeadership() {
    IncidentWorkflow incident =
        open("inc-raise", policy(), alert("SlowSearch", "search", "severity", "warning"));
    IncidentState state = await(incident, s -> s.phase == Phase.MITIGATING);
    assertThat(state.severity).isEqualTo(Severity.P2);
    assertThat(state.acknowledgementDueAt).isBetween(at(240), at(240).plusSeconds(10));

    incident.setSeverity(new SetSeverityRequest(Severity.P0, "alice", "search is down for all"));
    state = await(incident, s -> s.severity == Severity.P0);
    assertThat(state.acknowledgementDueAt).isBetween(at(15), at(15).plusSeconds(10));
    verify(activities.chat, timeout(5_000))
        .notifyLeadership(argThat(n -> n.kind().equals("opened")));

    env.sleep(Duration.ofMinutes(16));
    verify(activities.paging, timeout(5_000)).escalatePage(argThat(r -> r.level() == 1));
  }

  // ------------------------------------------------------------ initial response

  @Test
  void
      p0OnUserFacingService_pagesFirstAndOpensChannelPostsTellsLeadershipAndStatusPageBesideTheDiagnosis() {
    ResponsePolicy userFacing =
        policy(
            "\"services\":{\"api-gateway\":{\"tier\":\"CRITICAL\",\"userFacing\":true,"
                + "\"statusPageComponent\":\"API\"}}");
    IncidentWorkflow incident =
        open("inc-initial", userFacing, alert("ApiGatewayDown", "api-gateway", "outage", "true"));
    IncidentState state =
        await(
            incident,
            s ->
                s.phase == Phase.MITIGATING
                    && s.channel != null
                    && s.statusPage != null
                    && hasEvent(s, "Stakeholders e-mailed (opened)"));

    assertThat(state.severity).isEqualTo(Severity.P0);
    // the runbook's name, made unique to the incident: a storm in one minute never collides
    assertThat(state.channel.name()).matches("incident-2026-11-26-1400-api-gateway-[0-9a-f]{6}");
    assertThat(state.statusPage.id()).isEqualTo("sp-1");
    verify(activities.paging, timeout(5_000))
        .openPage(argThat(r -> r.level() == 0 && r.urgency() == PageUrgency.HIGH));
    verify(activities.chat)
        .openIncidentChannel(argThat(b -> b.channelName().equals(state.channel.name())));
    verify(activities.chat, timeout(5_000)).postInitialStatus(any());
    verify(activities.chat).notifyLeadership(argThat(n -> n.kind().equals("opened")));
    verify(activities.stakeholders).emailStakeholders(argThat(n -> n.kind().equals("opened")));
    verify(activities.statusPage)
        .openStatusIncident(
            argThat(
                n ->
                    n.component().equals("API")
                        && n.message().contains("Users may experience")
                        && n.message().contains("Next update: 2026-11-26 14:30 UTC")));

    // The history shows the order: the page's person is asked for first (then the page), and
    // every other call of the initial response and every probe in the same workflow task:
    // nothing waits for Slack.
    List<HistoryEvent> scheduled =
        client.fetchHistory("inc-initial").getEvents().stream()
            .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .toList();
    assertThat(
            scheduled.get(0).getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .isEqualTo("ResolveTarget");
    assertThat(
            scheduled.get(1).getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .isNotEqualTo("OpenPage");
    long firstTask =
        scheduled
            .get(0)
            .getActivityTaskScheduledEventAttributes()
            .getWorkflowTaskCompletedEventId();
    assertThat(scheduled)
        .filteredOn(
            e ->
                e.getActivityTaskScheduledEventAttributes().getWorkflowTaskCompletedEventId()
                    == firstTask)
        .extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .contains(
            "OpenIncidentChannel",
            "PostInitialStatus",
            "NotifyLeadership",
            "OpenStatusIncident",
            "InspectPods",
            "QueryMetrics");
  }

  @Test
  void p3_producesNoLeadershipNoticeNoStatusPageAndNoUpdates() {
    IncidentWorkflow incident =
        open("inc-p3", policy(), alert("DiskFilling", "batch", "severity", "info"));
    IncidentState state = await(incident, s -> s.phase == Phase.MITIGATING);
    env.sleep(Duration.ofHours(6));

    assertThat(state.severity).isEqualTo(Severity.P3);
    verify(activities.chat).openIncidentChannel(any());
    verify(activities.chat).postInitialStatus(any());
    verify(activities.chat, never()).notifyLeadership(any());
    verify(activities.stakeholders, never()).emailStakeholders(any());
    verify(activities.chat, never()).postUpdate(any());
    verify(activities.statusPage, never()).openStatusIncident(any());
  }

  @Test
  void failingChannelCreation_isRecordedAndTheResponseGoesOn() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "invalid_auth", FailureType.INVALID_CREDENTIALS.type()))
        .when(activities.chat)
        .openIncidentChannel(any());
    IncidentWorkflow incident = open("inc-slack-down", policy(), p1());

    IncidentState state =
        await(incident, s -> s.phase == Phase.MITIGATING && s.channelProblem != null);
    assertThat(state.channel).isNull();
    assertThat(state.timeline)
        .anySatisfy(
            e -> {
              assertThat(e.event()).startsWith("Opening #incident-2026-11-26-1400-checkout-");
              assertThat(e.event()).endsWith(" failed");
              assertThat(e.actionTaken()).contains("INVALID_CREDENTIALS: invalid_auth");
            });
    // the alerts-channel post runs beside the channel's creation: wait for it
    verify(activities.chat, timeout(5_000)).postInitialStatus(any());
    verify(activities.chat, times(1)).openIncidentChannel(any());
  }

  // ------------------------------------------------------------ updates

  @Test
  void p0_postsInternalUpdatesEvery30MinutesUntilResolved() {
    IncidentWorkflow incident = open("inc-updates", policy(), p0());
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.acknowledge(new AcknowledgeRequest("carol", null));

    env.sleep(Duration.ofMinutes(61));
    org.mockito.ArgumentCaptor<IncidentUpdate> updates =
        org.mockito.ArgumentCaptor.forClass(IncidentUpdate.class);
    verify(activities.chat, timeout(5_000).times(2)).postUpdate(updates.capture());
    IncidentUpdate first = updates.getAllValues().get(0);
    assertThat(first.status()).isEqualTo("MITIGATING");
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.nextUpdateAt()).isBetween(at(60), at(60).plusSeconds(10));
    assertThat(first.actionsTaken()).anyMatch(a -> a.startsWith("Acknowledged by carol"));
    assertThat(first.nextSteps()).isNotEmpty();
    assertThat(first.eta()).isNotBlank();

    incident.resolve(new ResolveRequest("carol", "fixed upstream", false));
    IncidentOutcome outcome = result(incident);
    assertThat(outcome.resolvedAt()).isNotNull();
    // the final update says RESOLVED and names no next update
    verify(activities.chat, timeout(5_000))
        .postUpdate(argThat(u -> u.status().equals("RESOLVED") && u.nextUpdateAt() == null));
    verify(activities.stakeholders, timeout(5_000))
        .emailStakeholders(argThat(n -> n.kind().equals("resolved")));
    env.sleep(Duration.ofHours(2));
    verify(activities.chat, times(3)).postUpdate(any());
  }

  // ------------------------------------------------------------ investigation

  @Test
  void probeThatTimesOutOrFails_stillYieldsAReport() {
    StringBuilder probes = new StringBuilder();
    for (DiagnosisProbe probe : DiagnosisProbe.values()) {
      probes
          .append(probes.length() == 0 ? "" : ",")
          .append('"')
          .append(probe)
          .append("\":\"PT2S\"");
    }
    ResponsePolicy fastProbes = policy("\"probes\":{" + probes + "}");
    when(activities.diagnosis.inspectPods(any()))
        .thenAnswer(
            call -> {
              Thread.sleep(6_000);
              return Activities.healthy(DiagnosisProbe.POD_HEALTH);
            });
    when(activities.diagnosis.queryMetrics(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "prometheus:9090 connection refused", FailureType.UNAVAILABLE.type()));
    IncidentWorkflow incident = open("inc-probes", fastProbes, p1());

    IncidentState state = await(incident, s -> s.diagnosis != null);
    List<Finding> findings = incident.diagnosis().findings();
    assertThat(findings).hasSize(DiagnosisProbe.values().length);
    assertThat(findings)
        .filteredOn(f -> f.probe() == DiagnosisProbe.POD_HEALTH)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.outcome()).isEqualTo(FindingOutcome.UNAVAILABLE);
              assertThat(f.summary()).contains("timed out");
            });
    assertThat(findings)
        .filteredOn(f -> f.probe() == DiagnosisProbe.SERVICE_METRICS)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.outcome()).isEqualTo(FindingOutcome.UNAVAILABLE);
              assertThat(f.summary()).contains("UNAVAILABLE: prometheus:9090 connection refused");
            });
    int healthy = DiagnosisProbe.values().length - 2;
    assertThat(incident.diagnosis().count(FindingOutcome.HEALTHY)).isEqualTo(healthy);
    state = await(incident, s -> s.phase == Phase.MITIGATING);
    assertThat(hasEvent(state, "0 anomalies, " + healthy + " healthy, 2 unavailable")).isTrue();
  }

  // ------------------------------------------------------------ closure within 24 h

  private void impactQueryNotConfigured() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "users affected query is not configured", FailureType.NOT_CONFIGURED.type()))
        .when(activities.impact)
        .assessImpact(any());
  }

  @Test
  void
      resolvedP1WithUnknownImpact_waitsForAPerson_remindsAtHalfTheDeadline_andClosesWhenRecorded() {
    impactQueryNotConfigured();
    IncidentWorkflow incident = open("inc-impact-wait", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.resolve(new ResolveRequest("carol", "fixed upstream", false));

    IncidentState waiting =
        await(incident, s -> hasEvent(s, "Closure waits for the impact assessment"));
    assertThat(waiting.phase).isEqualTo(Phase.RESOLVED);
    assertThat(waiting.postmortemWorkflowId).isNull();
    env.sleep(Duration.ofHours(11));
    verify(activities.chat, never())
        .postUpdate(argThat(u -> u.nextSteps().stream().anyMatch(n -> n.contains("recordImpact"))));

    env.sleep(Duration.ofHours(2));
    verify(activities.chat, timeout(5_000))
        .postUpdate(
            argThat(
                u ->
                    u.nextSteps().stream()
                        .anyMatch(n -> n.startsWith("Record the users affected before"))));
    incident.recordImpact(new RecordImpactRequest("carol", 1500L, "from the 5xx logs"));

    IncidentState closed = await(incident, s -> s.phase == Phase.CLOSED);
    assertThat(closed.usersAffected).isEqualTo(1500L);
    assertThat(closed.usersAffectedSource).isEqualTo("recorded by carol");
    assertThat(closed.closureEscalated).isFalse();
    verify(activities.history, timeout(5_000))
        .recordIncident(argThat(r -> r.phase() == Phase.CLOSED && r.usersAffected() == 1500L));
  }

  @Test
  void approvalWhileTheClosureWaitsForTheImpact_isRefusedAndTheIncidentStillCloses() {
    impactQueryNotConfigured();
    activities.proposeRollback();
    IncidentWorkflow incident = open("inc-late-approval", policy(), p1());
    await(incident, s -> !s.pendingApprovals().isEmpty());
    incident.resolve(new ResolveRequest("carol", "fixed upstream", false));
    await(incident, s -> hasEvent(s, "Closure waits for the impact assessment"));

    // Before: the action turned APPROVED, the loop found work it would never do and spun.
    incident.approve(new ApproveRequest("rollback-1", "alice", "late"));
    IncidentState refused = await(incident, s -> hasEvent(s, "Refused approval of rollback-1"));
    assertThat(refused.actions.get(0).status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    env.sleep(Duration.ofHours(1));
    incident.recordImpact(new RecordImpactRequest("carol", 10L, "a few"));

    IncidentState closed = await(incident, s -> s.phase == Phase.CLOSED);
    assertThat(closed.actions.get(0).status()).isEqualTo(ActionStatus.WITHDRAWN);
    verify(activities.mitigation, never()).runMitigation(any());
  }

  @Test
  void noImpactAssessmentWithin24Hours_closesAnywayAndTellsLeadership() {
    impactQueryNotConfigured();
    IncidentWorkflow incident = open("inc-impact-overdue", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.resolve(new ResolveRequest("carol", "fixed upstream", false));
    await(incident, s -> hasEvent(s, "Closure waits for the impact assessment"));

    env.sleep(Duration.ofHours(25));

    IncidentState closed = await(incident, s -> s.phase == Phase.CLOSED);
    assertThat(closed.closureEscalated).isTrue();
    assertThat(closed.usersAffected).isNull();
    assertThat(closed.closedAt).isBetween(at(24 * 60), at(24 * 60 + 5));
    verify(activities.chat).notifyLeadership(argThat(n -> n.kind().equals("closure-overdue")));
  }

  @Test
  void usersAffectedLabelOnAnAlert_isTheImpactAndClosureDoesNotAsk() {
    IncidentWorkflow incident =
        open(
            "inc-impact-label",
            policy(),
            alert("CheckoutErrors", "checkout", "severity", "critical", "users_affected", "320"));
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.resolve(new ResolveRequest("carol", "fixed upstream", false));

    IncidentState closed = await(incident, s -> s.phase == Phase.CLOSED);
    assertThat(closed.usersAffected).isEqualTo(320L);
    assertThat(closed.usersAffectedSource).isEqualTo("alert label users_affected");
    verify(activities.impact, never()).assessImpact(any());
  }

  @Test
  void historyStore_getsTheSummaryAtEveryPhaseChange_andItsFailureNeverBlocksClosure() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "history store is not configured", FailureType.NOT_CONFIGURED.type()))
        .when(activities.history)
        .recordIncident(argThat(r -> r.phase() == Phase.MITIGATING));
    IncidentWorkflow incident = open("inc-history", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.acknowledge(new AcknowledgeRequest("carol", null));
    incident.resolve(new ResolveRequest("carol", "fixed upstream", false));

    IncidentState closed = await(incident, s -> s.phase == Phase.CLOSED);
    assertThat(hasEvent(closed, "Incident history not written")).isTrue();
    verify(activities.history, timeout(5_000))
        .recordIncident(argThat(r -> r.phase() == Phase.CLOSED));
    ArgumentCaptor<IncidentSummary> written = ArgumentCaptor.forClass(IncidentSummary.class);
    verify(activities.history, atLeast(4)).recordIncident(written.capture());
    assertThat(written.getAllValues())
        .extracting(r -> r.phase())
        .contains(Phase.INVESTIGATING, Phase.MITIGATING, Phase.RESOLVED, Phase.CLOSED);
    IncidentSummary last = written.getAllValues().get(written.getAllValues().size() - 1);
    assertThat(last.phase()).isEqualTo(Phase.CLOSED);
    assertThat(last.incidentType()).isEqualTo("CheckoutErrors");
    assertThat(last.acknowledgedAt()).isNotNull();
    assertThat(last.responseTime()).isEqualTo(Duration.ofHours(1));
    assertThat(last.usersAffected()).isEqualTo(1200L);
  }

  // ------------------------------------------------------------ mitigation and approvals

  @Test
  void approvalFromNonApprover_isRefusedRecordedAndNothingRuns() {
    activities.proposeRollback();
    IncidentWorkflow incident = open("inc-refuse", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    assertThat(incident.pendingApprovals())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.id()).isEqualTo("rollback-1");
              assertThat(a.risk())
                  .isEqualTo(io.incidentresponse.workflows.mitigation.RiskClass.HIGH);
            });
    verify(activities.chat, timeout(5_000))
        .requestApproval(
            argThat(
                m ->
                    m.signalName().equals("approve")
                        && m.signalJson()
                            .equals("{\"actionId\":\"rollback-1\",\"approver\":\"YOUR_NAME\"}")));

    incident.approve(new ApproveRequest("rollback-1", "mallory", "trust me"));
    // bob may approve medium risk, not a HIGH-risk rollback
    ApprovalResult answer =
        incident.approveAction(new ApproveRequest("rollback-1", "bob", "looks right"));

    assertThat(answer.accepted()).isFalse();
    assertThat(answer.reason()).isEqualTo("bob is not an approver for HIGH risk");
    IncidentState state =
        await(incident, s -> hasEvent(s, "Refused approval of rollback-1: mallory"));
    assertThat(hasEvent(state, "Refused approval of rollback-1: bob")).isTrue();
    assertThat(state.actions.get(0).status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    env.sleep(Duration.ofMinutes(5));
    verify(activities.mitigation, never()).runMitigation(any());
  }

  @Test
  void approvalUpdateForUnknownAction_isRejectedByTheValidatorNamingTheField() {
    activities.proposeRollback();
    IncidentWorkflow incident = open("inc-unknown", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);

    assertThatThrownBy(() -> incident.approveAction(new ApproveRequest("restart-9", "alice", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("actionId: no action 'restart-9'; waiting: [rollback-1]");
    assertThatThrownBy(() -> incident.approveAction(new ApproveRequest("rollback-1", " ", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("approver is required");
    assertThat(incident.state().actions.get(0).status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
  }

  @Test
  void approvedRollback_runsExactlyOnceWhenApprovalIsSentTwice() {
    activities.proposeRollback();
    IncidentWorkflow incident = open("inc-approve", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING && !s.pendingApprovals().isEmpty());

    incident.approve(new ApproveRequest("rollback-1", "alice", "go"));
    incident.approve(new ApproveRequest("rollback-1", "alice", "go again"));
    // An update may be handled before signals sent earlier: let the two signals land first.
    await(incident, s -> hasEvent(s, "Ignored approval of rollback-1: already"));
    ApprovalResult third = incident.approveAction(new ApproveRequest("rollback-1", "alice", null));

    assertThat(third.accepted()).isFalse();
    IncidentState state = await(incident, s -> s.phase == Phase.MONITORING);
    verify(activities.mitigation, times(1))
        .runMitigation(
            argThat(
                r ->
                    r.actionId().equals("rollback-1")
                        && r.approvedBy().equals("alice")
                        && r.idempotencyKey().equals("inc-approve/rollback-1")
                        && r.action().parameters().get("revision").equals("41")));
    MitigationAction rollback = state.actions.get(0);
    assertThat(rollback.status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(rollback.decidedBy()).isEqualTo("alice");
    assertThat(state.actionsRun).isEqualTo(1);
    assertThat(hasEvent(state, "Ignored approval of rollback-1: already")).isTrue();
    assertThat(hasEvent(state, "Mitigated: recovery verified after rollback-1")).isTrue();
    assertThat(state.timeline)
        .anyMatch(
            e ->
                e.event().equals("rollback-1 succeeded")
                    && e.actionTaken().equals("done (before: revision=42; after: revision=41)"));
  }

  @Test
  void deployJustBeforeErrorsRose_ranksBadDeployFirstAndProposesRollbackToPreviousRevision() {
    Instant detected = Incidents.START;
    when(activities.diagnosis.inspectRollouts(any()))
        .thenReturn(
            new Finding(
                DiagnosisProbe.ROLLOUT_HISTORY,
                FindingOutcome.ANOMALY,
                "revision 3 rolled out 10 min before detection",
                List.of("revision 3 checkout:1.4.2", "revision 2 checkout:1.4.1"),
                List.of(),
                detected,
                Map.of(
                    FindingFacts.DEPLOYMENT, "checkout",
                    FindingFacts.ROLLOUT_AT, detected.minusSeconds(600).toString(),
                    FindingFacts.ROLLOUT_REVISION, "3",
                    FindingFacts.ROLLOUT_PREVIOUS_REVISION, "2")));
    when(activities.diagnosis.queryMetrics(any()))
        .thenReturn(
            new Finding(
                DiagnosisProbe.SERVICE_METRICS,
                FindingOutcome.ANOMALY,
                "error ratio 12.4% (0.3% an hour earlier)",
                List.of(),
                List.of(),
                detected,
                Map.of(
                    FindingFacts.ERROR_RATIO, "0.124",
                    FindingFacts.ERROR_RATIO_BEFORE, "0.003",
                    FindingFacts.ERRORS_RISING_SINCE, detected.minusSeconds(300).toString())));

    IncidentWorkflow incident = open("inc-hypothesis", policy(), p1());
    IncidentState state =
        await(incident, s -> s.phase == Phase.MITIGATING && !s.pendingApprovals().isEmpty());

    assertThat(incident.diagnosis().hypotheses())
        .first()
        .satisfies(
            h -> {
              assertThat(h.cause()).isEqualTo("bad deploy");
              assertThat(h.confidence()).isEqualTo(90);
            });
    MitigationAction rollback = state.actions.get(0);
    assertThat(rollback.id()).isEqualTo("rollback-1");
    assertThat(rollback.proposedBy()).isEqualTo("diagnosis:bad deploy");
    assertThat(rollback.proposal().parameters()).containsEntry("revision", "2");
    assertThat(rollback.status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(state.timeline)
        .anyMatch(e -> e.actionTaken().startsWith("Most likely: bad deploy (90): revision 3"));
  }

  @Test
  void lowRiskScaleInP1_runsWithoutApproval() {
    IncidentWorkflow incident = open("inc-scale", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);

    incident.requestAction(
        new ActionRequest(
            ActionType.SCALE, null, "checkout", Map.of("replicas", "10"), null, "dave", "CPU"));

    IncidentState state = await(incident, s -> s.phase == Phase.MONITORING);
    MitigationAction scale = state.actions.get(0);
    assertThat(scale.id()).isEqualTo("scale-1");
    assertThat(scale.decidedBy()).isEqualTo("policy");
    assertThat(scale.proposal().namespace()).isEqualTo("shop");
    assertThat(scale.status()).isEqualTo(ActionStatus.SUCCEEDED);
    verify(activities.chat, never()).requestApproval(any());
  }

  @Test
  void sixthAction_underTheDefaultLimit_isWithdrawnWithATimelineLineAndNeverReachesTheWorker() {
    // scaling does not help: the incident stays in MITIGATING and people keep asking for more
    when(activities.mitigation.verifyRecovery(any()))
        .thenReturn(new VerificationResult(false, "error ratio 9% >= 5%", List.of()));
    ResponsePolicy policy = policy();
    assertThat(policy.maxActionsPerIncident())
        .isEqualTo(ResponsePolicy.DEFAULT_MAX_ACTIONS_PER_INCIDENT)
        .isEqualTo(5);
    IncidentWorkflow incident = open("inc-action-limit", policy, p1());
    await(incident, s -> s.phase == Phase.MITIGATING);

    for (int i = 1; i <= 6; i++) {
      incident.requestAction(
          new ActionRequest(
              ActionType.SCALE,
              null,
              "checkout-" + i,
              Map.of("replicas", "10"),
              null,
              "dave",
              "CPU"));
    }

    IncidentState state =
        await(
            incident,
            s -> s.actions.size() == 6 && s.actions.stream().allMatch(a -> a.status().isFinal()));
    assertThat(state.actions)
        .extracting(MitigationAction::status)
        .containsExactly(
            ActionStatus.SUCCEEDED,
            ActionStatus.SUCCEEDED,
            ActionStatus.SUCCEEDED,
            ActionStatus.SUCCEEDED,
            ActionStatus.SUCCEEDED,
            ActionStatus.WITHDRAWN);
    MitigationAction sixth = state.actions.get(5);
    assertThat(sixth.outcome()).isEqualTo("limit of 5 actions per incident reached");
    assertThat(state.timeline)
        .anySatisfy(
            e -> {
              assertThat(e.event()).isEqualTo("Withdrew " + sixth.id());
              assertThat(e.actionTaken()).isEqualTo("Action limit reached");
            });
    assertThat(state.actionsRun).isEqualTo(5);
    verify(activities.mitigation, times(5)).runMitigation(any());
    verify(activities.mitigation, never())
        .runMitigation(argThat(request -> request.actionId().equals(sixth.id())));
  }

  @Test
  void signalMissingAField_isIgnoredAndRecorded() {
    IncidentWorkflow incident = open("inc-bad-signal", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);

    incident.acknowledge(new AcknowledgeRequest(null, "who am i"));

    IncidentState state =
        await(incident, s -> hasEvent(s, "Ignored acknowledge signal: field 'by' is required"));
    assertThat(state.acknowledged()).isFalse();
  }

  // ------------------------------------------------------------ monitoring and closure

  @Test
  void mitigatedAfter40Minutes_isMonitoredFor80MinutesThenResolvesWith40MinutesOfDowntime() {
    IncidentWorkflow incident = open("inc-window", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.acknowledge(new AcknowledgeRequest("carol", null));
    env.sleep(Duration.ofMinutes(40));

    incident.markMitigated(new MarkMitigatedRequest("carol", "rolled back by hand"));
    IncidentState state = await(incident, s -> s.phase == Phase.MONITORING);
    Duration incidentDuration = Duration.between(state.detectedAt, state.mitigatedAt);
    assertThat(incidentDuration)
        .isBetween(Duration.ofMinutes(40), Duration.ofMinutes(40).plusSeconds(10));
    assertThat(Duration.between(state.mitigatedAt, state.monitoringEndsAt))
        .isEqualTo(incidentDuration.multipliedBy(2));

    env.sleep(Duration.ofMinutes(79));
    assertThat(incident.state().phase).isEqualTo(Phase.MONITORING);

    IncidentOutcome outcome = result(incident);
    Duration window = incidentDuration.multipliedBy(2);
    assertThat(Duration.between(outcome.mitigatedAt(), outcome.resolvedAt()))
        .isBetween(window, window.plusSeconds(5));
    // Downtime ends when service was restored (marked mitigated at 40 min), not at resolution
    // after the 80-minute window: an outage of 40 minutes is reported as 40, not 120.
    assertThat(outcome.downtime()).isEqualTo(incidentDuration);
    assertThat(incident.state().restoredAt).isEqualTo(outcome.mitigatedAt());
    assertThat(Duration.between(outcome.detectedAt(), outcome.resolvedAt()))
        .isBetween(incidentDuration.plus(window), incidentDuration.plus(window).plusSeconds(5));
    // verified every 5 minutes through the 80-minute window
    verify(activities.mitigation, atLeast(16)).verifyRecovery(any());
    assertThat(outcome.postmortemWorkflowId()).isEqualTo("postmortem-inc-window-2026-11-26-1400");
    PostmortemWorkflow postmortem =
        client.newWorkflowStub(PostmortemWorkflow.class, outcome.postmortemWorkflowId());
    PostmortemStatus status = Incidents.eventually(postmortem::status, p -> p.document() != null);
    assertThat(status.document().location()).isEqualTo("postmortems/inc-window.md");
    assertThat(status.reviewDueAt()).isEqualTo(outcome.resolvedAt().plus(Duration.ofDays(7)));
  }

  @Test
  void nextIncidentWithTheSameKeyAfterClosure_getsItsOwnPostmortem() {
    IncidentWorkflow first = open("inc-same-key", policy(), p1());
    await(first, s -> s.phase == Phase.MITIGATING);
    first.resolve(new ResolveRequest("carol", "fixed", false));
    String firstPostmortem = result(first).postmortemWorkflowId();

    env.sleep(Duration.ofHours(2));
    IncidentWorkflow second = open("inc-same-key", policy(), p1());
    await(second, s -> s.phase == Phase.MITIGATING);
    second.resolve(new ResolveRequest("carol", "fixed again", false));
    String secondPostmortem = result(second).postmortemWorkflowId();

    assertThat(firstPostmortem).isEqualTo("postmortem-inc-same-key-2026-11-26-1400");
    assertThat(secondPostmortem).isEqualTo("postmortem-inc-same-key-2026-11-26-1600");
    verify(activities.postmortem, timeout(5_000).times(2)).draftPostmortem(any());
  }

  @Test
  void postmortemIsDraftedAgainstTheIncidentsResponseTimeAndItsServicesAvailabilityTarget() {
    ResponsePolicy withSlo = policy("\"services\":{\"checkout\":{\"availabilityTarget\":0.995}}");
    IncidentWorkflow incident = open("inc-slo", withSlo, p1());
    IncidentState state = await(incident, s -> s.phase == Phase.MITIGATING);
    assertThat(state.severity).isEqualTo(Severity.P1);
    incident.resolve(new ResolveRequest("carol", "fixed", false));
    result(incident);

    ArgumentCaptor<PostmortemInput> drafted = ArgumentCaptor.forClass(PostmortemInput.class);
    verify(activities.postmortem, timeout(5_000)).draftPostmortem(drafted.capture());
    assertThat(drafted.getValue().responseTime()).isEqualTo(Duration.ofHours(1));
    assertThat(drafted.getValue().availabilityTarget()).isEqualTo(0.995);
  }

  @Test
  void failedVerificationInsideTheWindow_reopensMitigationAndDiagnosesAgain() {
    when(activities.mitigation.verifyRecovery(any()))
        .thenReturn(
            new VerificationResult(true, "ok", List.of()),
            new VerificationResult(false, "error ratio 12% > 1%", List.of()));
    IncidentWorkflow incident = open("inc-regress", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    env.sleep(Duration.ofMinutes(20));
    incident.markMitigated(new MarkMitigatedRequest("carol", null));
    await(incident, s -> s.phase == Phase.MONITORING);

    env.sleep(Duration.ofMinutes(11));

    IncidentState state = await(incident, s -> s.reopenCount == 1 && s.diagnosisRounds == 2);
    assertThat(state.phase).isEqualTo(Phase.MITIGATING);
    assertThat(hasEvent(state, "Regression: verification failed: error ratio 12% > 1%")).isTrue();
    assertThat(state.monitoringEndsAt).isNull();
  }

  @Test
  void failedVerificationAfterTheAlertsResolved_rechecksInsteadOfLoopingBackToMonitoring() {
    VerificationResult unhealthy =
        new VerificationResult(false, "error ratio 21% >= 5%", List.of("error ratio: FAILED"));
    VerificationResult healthy = new VerificationResult(true, "all checks passed", List.of());
    when(activities.mitigation.verifyRecovery(any())).thenReturn(unhealthy, unhealthy, healthy);
    Alert first = p1();
    IncidentWorkflow incident = open("inc-no-loop", policy(), first);
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.alert(new AlertBatch(List.of(resolved(first)), "d-2"));
    await(incident, s -> s.phase == Phase.MONITORING);

    env.sleep(Duration.ofMinutes(6));
    IncidentState reopened = await(incident, s -> s.reopenCount == 1);
    assertThat(reopened.phase).isEqualTo(Phase.MITIGATING);
    assertThat(reopened.alertsResolvedEvidenceSpent).isTrue();
    env.sleep(Duration.ofMinutes(6));
    assertThat(incident.state().phase)
        .as("the resolved alerts no longer count as mitigation")
        .isEqualTo(Phase.MITIGATING);

    env.sleep(Duration.ofMinutes(6));
    IncidentState monitoring = await(incident, s -> s.phase == Phase.MONITORING);
    assertThat(monitoring.reopenCount).isEqualTo(1);
    assertThat(hasEvent(monitoring, "Mitigated: recovery verified after the alerts resolved"))
        .isTrue();
    env.sleep(Duration.ofHours(2));
    IncidentState closed = await(incident, s -> s.phase == Phase.CLOSED);
    assertThat(closed.reopenCount).isEqualTo(1);
  }

  @Test
  void secondDiagnosisAfterARollbackRan_doesNotProposeRollingBackAgain() {
    Instant detected = Incidents.START;
    when(activities.diagnosis.inspectRollouts(any()))
        .thenReturn(
            new Finding(
                DiagnosisProbe.ROLLOUT_HISTORY,
                FindingOutcome.ANOMALY,
                "revision 3 rolled out",
                List.of(),
                List.of(),
                detected,
                Map.of(
                    FindingFacts.DEPLOYMENT, "checkout",
                    FindingFacts.ROLLOUT_AT, detected.minusSeconds(300).toString(),
                    FindingFacts.ROLLOUT_REVISION, "3",
                    FindingFacts.ROLLOUT_PREVIOUS_REVISION, "2")));
    when(activities.mitigation.verifyRecovery(any()))
        .thenReturn(
            new VerificationResult(true, "ok", List.of()),
            new VerificationResult(false, "error ratio 9% >= 5%", List.of()),
            new VerificationResult(true, "ok", List.of()));
    IncidentWorkflow incident = open("inc-one-rollback", policy(), p1());
    await(incident, s -> !s.pendingApprovals().isEmpty());
    incident.approve(new ApproveRequest("rollback-1", "alice", "go"));
    await(incident, s -> s.phase == Phase.MONITORING);

    env.sleep(Duration.ofMinutes(6));
    IncidentState second = await(incident, s -> s.diagnosisRounds == 2);

    assertThat(second.actions).extracting(MitigationAction::id).containsExactly("rollback-1");
    assertThat(hasEvent(second, "Not proposing another rollback of checkout")).isTrue();
    verify(activities.mitigation, times(1)).runMitigation(any());
  }

  @Test
  void newFiringAlertWhileMonitoring_reopensMitigation() {
    Alert first = p1();
    IncidentWorkflow incident = open("inc-refire", policy(), first);
    await(incident, s -> s.phase == Phase.MITIGATING);
    env.sleep(Duration.ofMinutes(10));

    // Alertmanager resolves the only alert: recovery evidence starts monitoring
    incident.alert(new AlertBatch(List.of(resolved(first)), "d-2"));
    IncidentState state = await(incident, s -> s.phase == Phase.MONITORING);
    assertThat(hasEvent(state, "Mitigated: every alert resolved at its source")).isTrue();

    incident.alert(
        new AlertBatch(
            List.of(alert("CheckoutLatency", "checkout", "severity", "warning")), "d-3"));

    state = await(incident, s -> s.reopenCount == 1);
    assertThat(state.phase).isEqualTo(Phase.MITIGATING);
    assertThat(hasEvent(state, "Regression: alert CheckoutLatency firing")).isTrue();
    assertThat(state.alerts).hasSize(2);
  }

  @Test
  void alertStormForOneIncident_attachesEveryAlertAndRaisesSeverityOnlyUpwards() {
    IncidentWorkflow incident =
        open("inc-storm", policy(), alert("CheckoutSlow", "checkout", "severity", "warning"));
    await(incident, s -> s.phase == Phase.MITIGATING);

    for (int batch = 0; batch < 10; batch++) {
      List<Alert> alerts = new java.util.ArrayList<>();
      for (int i = 0; i < 50; i++) {
        alerts.add(alert("PodCrash" + (batch * 50 + i), "checkout", "severity", "warning"));
      }
      AlertBatch stormBatch = new AlertBatch(alerts, "storm-" + batch);
      signalAcrossContinueAsNew(() -> incident.alert(stormBatch));
    }
    incident.alert(
        new AlertBatch(List.of(alert("CheckoutDown", "checkout", "priority", "P1")), "x"));

    IncidentState state = await(incident, s -> s.alerts.size() == 502);
    assertThat(state.alertDeliveries).isEqualTo(502);
    assertThat(state.severity).isEqualTo(Severity.P1);
    assertThat(hasEvent(state, "Severity P2 -> P1")).isTrue();
  }

  @Test
  void signalWithStart_opensTheIncidentAndJoinsTheSignalledAlerts() {
    Alert first = p1();
    Alert second = alert("CheckoutLatency", "checkout", "severity", "warning");
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "Incident", WorkflowOptions.newBuilder(options).setWorkflowId("inc-sws").build());

    stub.signalWithStart(
        "alert",
        new Object[] {new AlertBatch(List.of(first, second), "d-1")},
        new Object[] {
          new IncidentInput(List.of(first, second), policy(), null, null, null, "d-1")
        });
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, "inc-sws");
    // a redelivery of d-1 (webhooks are at-least-once) changes nothing
    incident.alert(new AlertBatch(List.of(resolved(first)), "d-1"));

    IncidentState state = await(incident, s -> s.phase == Phase.MITIGATING);
    assertThat(state.alerts).hasSize(2);
    assertThat(state.alertDeliveries).isEqualTo(2);
    assertThat(state.alerts.values()).allMatch(Alert::firing);
    assertThat(state.severity).isEqualTo(Severity.P1);
    verify(activities.chat, times(1)).openIncidentChannel(any());
  }

  @Test
  void incidentWithoutAlerts_failsAsABadRequest() {
    IncidentWorkflow incident =
        client.newWorkflowStub(
            IncidentWorkflow.class,
            WorkflowOptions.newBuilder(options).setWorkflowId("inc-empty").build());

    assertThatThrownBy(
            () -> incident.run(new IncidentInput(List.of(), policy(), null, null, null, null)))
        .rootCause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("an incident needs at least one alert");
    verify(activities.chat, never()).openIncidentChannel(any());
  }

  @Test
  void stormOf5000AlertsForOneService_keepsWhatFitsItsBudgetAndCountsTheRestAcrossContinueAsNew() {
    IncidentWorkflow incident =
        open(
            "inc-big-storm",
            policy("\"continueAsNewAfterEvents\":60"),
            alert("PodCrashLooping", "checkout", "severity", "critical"));
    await(incident, s -> s.phase == Phase.MITIGATING);

    for (int batch = 0; batch < 20; batch++) {
      List<Alert> alerts = new java.util.ArrayList<>();
      for (int i = 0; i < 250; i++) {
        int n = batch * 250 + i;
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        labels.put("alertname", "PodCrashLooping");
        labels.put("service", "checkout");
        labels.put("namespace", "shop");
        labels.put("severity", "critical");
        labels.put("job", "kube-state-metrics");
        labels.put("container", "checkout");
        labels.put("pod", "checkout-" + n);
        labels.put("instance", "10.1." + (n / 250) + "." + (n % 250) + ":8080");
        alerts.add(
            new Alert(
                io.incidentresponse.workflows.alerts.AlertSource.ALERTMANAGER,
                io.incidentresponse.workflows.alerts.AlertStatus.FIRING,
                "fp-" + n,
                labels,
                Map.of(
                    "summary", "Pod checkout-" + n + " is crash looping",
                    "description", "Pod shop/checkout-" + n + " restarted 5 times in 10 minutes.",
                    "runbook_url", "https://runbooks.example/kubernetes/pod-crash-looping"),
                Incidents.START,
                null,
                "http://prometheus.monitoring:9090/graph?g0.expr=kube_pod_container_status_restarts_total",
                null));
      }
      incident.alert(new AlertBatch(alerts, "storm-" + batch));
    }

    IncidentState state =
        await(incident, s -> s.alerts.size() + s.alertsNotKept == 5_001 && s.generation >= 1);
    String json =
        io.temporal.common.converter.JacksonJsonPayloadConverter.newDefaultObjectMapper()
            .valueToTree(state)
            .toString();
    // The state query stays small, and Temporal's 2 MB payload limit far away.
    assertThat(json.length()).as("state JSON bytes").isLessThan(700_000);
    // About 500 KB of alerts (under the default cap of 2,000): the rest are counted, not stored.
    int kept = state.alerts.size();
    assertThat(kept).isBetween(1_500, 2_000);
    assertThat(state.alertsNotKept).isEqualTo(5_001 - kept);
    Alert last = state.alerts.get("fp-1400");
    assertThat(last.labels())
        .containsEntry("pod", "checkout-1400")
        .containsEntry("alertname", "PodCrashLooping")
        .doesNotContainKey("namespace");
    assertThat(last.firing()).isTrue();
    assertThat(state.alerts.containsKey("fp-4999")).isFalse();
    assertThat(state.alerts.get("PodCrashLooping-checkout").annotations()).isNotEmpty();
  }

  @Test
  void alertsPastTheCap_areCountedNotStoredAndTheIncidentGoesOn() {
    IncidentWorkflow incident =
        open(
            "inc-cap",
            policy("\"maxAlertsPerIncident\":3"),
            alert("PodCrashLooping", "checkout", "severity", "critical"));
    await(incident, s -> s.phase == Phase.MITIGATING);

    List<Alert> more = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      more.add(alert("PodCrashLooping" + i, "checkout", "severity", "critical"));
    }
    incident.alert(new AlertBatch(more, "d-more"));
    incident.acknowledge(new AcknowledgeRequest("carol", null));

    IncidentState state = await(incident, IncidentState::acknowledged);
    assertThat(state.alerts).hasSize(3);
    assertThat(state.alertsNotKept).isEqualTo(3);
    assertThat(state.alertDeliveries).isEqualTo(6);
    assertThat(hasEvent(state, "More than 3 distinct alerts")).isTrue();
  }

  @Test
  void falsePositive_closesAtOnceWithoutPostmortem() {
    IncidentWorkflow incident = open("inc-fp", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);

    incident.resolve(new ResolveRequest("carol", "synthetic check misfired", true));

    IncidentOutcome outcome = result(incident);
    assertThat(outcome.falsePositive()).isTrue();
    assertThat(outcome.postmortemWorkflowId()).isNull();
    verify(activities.postmortem, never()).draftPostmortem(any());
    verify(activities.paging).resolvePage(any());
    verify(activities.chat).archiveIncidentChannel(argThat(b -> b.channelId().equals("C01")));
  }

  // ------------------------------------------------------------ continue-as-new, UI

  @Test
  void stateSurvivesContinueAsNew() {
    activities.proposeRollback();
    IncidentWorkflow incident = open("inc-can", policy("\"continueAsNewAfterEvents\":120"), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.acknowledge(new AcknowledgeRequest("carol", null));
    incident.assignRole(new AssignRoleRequest(Role.SCRIBE, "erin", "carol"));

    for (int i = 0; i < 80; i++) {
      NoteRequest note = new NoteRequest("erin", "note " + i);
      signalAcrossContinueAsNew(() -> incident.addNote(note));
    }

    IncidentState state = await(incident, s -> s.generation >= 1 && hasEvent(s, "note 79"));
    assertThat(state.acknowledgedBy).isEqualTo("carol");
    assertThat(state.roles).containsEntry(Role.SCRIBE, "erin");
    assertThat(state.pendingApprovals())
        .extracting(MitigationAction::id)
        .containsExactly("rollback-1");
    assertThat(state.timeline.stream().filter(e -> e.event().startsWith("Note: note ")).count())
        .isEqualTo(80);
    String firstRunId =
        client
            .fetchHistory("inc-can")
            .getHistory()
            .getEvents(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getContinuedExecutionRunId();
    assertThat(firstRunId).isNotEmpty();

    // the next run still honours the approval and finishes the incident
    incident.approve(new ApproveRequest("rollback-1", "alice", null));
    await(incident, s -> s.phase == Phase.MONITORING);
    incident.resolve(new ResolveRequest("carol", "done", false));
    assertThat(result(incident).actionsRun()).isEqualTo(1);
    verify(activities.mitigation, times(1)).runMitigation(any());
  }

  @Test
  void currentDetails_nameTheSignalAndJsonToSendNext() {
    activities.proposeRollback();
    IncidentWorkflow incident = open("inc-details", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING && !s.pendingApprovals().isEmpty());

    WorkflowMetadata metadata =
        WorkflowStub.fromTyped(incident)
            .query("__temporal_workflow_metadata", WorkflowMetadata.class);

    String details = metadata.getCurrentDetails();
    assertThat(details).contains("**P1 · MITIGATING** · checkout (shop)");
    assertThat(details)
        .contains("signal `acknowledge` with `{\"by\":\"YOUR_NAME\",\"note\":\"on it\"}`");
    assertThat(details)
        .contains(
            "signal `approve` with `{\"actionId\":\"rollback-1\",\"approver\":\"YOUR_NAME\"}`");
    assertThat(metadata.getDefinition().getSignalDefinitionsList())
        .extracting(d -> d.getName())
        .contains("acknowledge", "approve", "reject", "resolve", "reopen", "alert");
    assertThat(metadata.getDefinition().getSignalDefinitionsList())
        .allSatisfy(d -> assertThat(d.getDescription()).isNotBlank());
    assertThat(metadata.getDefinition().getUpdateDefinitionsList())
        .extracting(d -> d.getName())
        .containsExactly("approveAction");
  }
}
