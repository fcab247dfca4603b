package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.hasEvent;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static io.incidentresponse.workflows.incident.Incidents.signalAcrossContinueAsNew;
import static io.incidentresponse.workflows.incident.Incidents.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PageUrgency;
import io.incidentresponse.workflows.communication.StatusPageRef;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The incident under the conditions an incident tool exists for: a recovery nobody can verify,
 * checks that fail or flap for hours, Slack that hangs, storms of alerts, a history store that is
 * down, input that does not fit. Each case bounds what it costs (history events, state size) and
 * says what a responder sees.
 */
class IncidentUnderStressTest {

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

  private static Alert p1() {
    return alert("CheckoutErrors", "checkout", "severity", "critical");
  }

  private int historyEvents(String id) {
    return client.fetchHistory(id).getEvents().size();
  }

  /**
   * The events the workflow's own commands and the signals it received make: the history without
   * its workflow task events, whose number depends on how many completions the server handed over
   * in one task (timing on a loaded machine), not on what the workflow did.
   */
  private int commandEvents(String id) {
    return (int)
        client.fetchHistory(id).getEvents().stream()
            .filter(e -> !WORKFLOW_TASK_EVENTS.contains(e.getEventType()))
            .count();
  }

  private static final Set<EventType> WORKFLOW_TASK_EVENTS =
      EnumSet.of(
          EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
          EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);

  private String details(IncidentWorkflow incident) {
    return WorkflowStub.fromTyped(incident)
        .query("__temporal_workflow_metadata", WorkflowMetadata.class)
        .getCurrentDetails();
  }

  private void verificationNotConfigured() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "recovery checks (health URL, Kubernetes, Prometheus) are not configured",
                FailureType.NOT_CONFIGURED.type()))
        .when(activities.mitigation)
        .verifyRecovery(any());
  }

  // ------------------------------------------------------------ monitoring never spins

  @Test
  void unverifiableRecovery_withEveryAlertResolved_resolvesAtTheWindowsEndInAFewHundredEvents() {
    verificationNotConfigured();
    Alert firing = p1();
    IncidentWorkflow incident = open("inc-unverifiable", policy(), firing);
    await(incident, s -> s.phase == Phase.MITIGATING);
    env.sleep(Duration.ofMinutes(60));

    Instant restored = Incidents.START.plus(Duration.ofMinutes(59));
    incident.alert(new AlertBatch(List.of(Incidents.resolved(firing, restored)), "d-resolved"));
    IncidentState monitoring = await(incident, s -> s.phase == Phase.MONITORING);
    assertThat(monitoring.restoredAt).isEqualTo(restored);

    // monitored for two hours (2x the hour it took), with nothing able to verify recovery
    env.sleep(Duration.ofHours(3));
    IncidentOutcome outcome = WorkflowStub.fromTyped(incident).getResult(IncidentOutcome.class);
    IncidentState state = incident.state();
    assertThat(state.phase).isEqualTo(Phase.CLOSED);
    assertThat(hasEvent(state, "Monitoring window passed; recovery not verified (NOT_CONFIGURED"))
        .isTrue();
    // the outage ended when the alert did, not when the window closed
    assertThat(outcome.downtime()).isEqualTo(Duration.between(state.detectedAt, restored));
    // 167 besides the workflow tasks (~290 in all, 301 once on a loaded machine, more when the
    // completions arrive in more workflow tasks); one check a minute would be thousands
    assertThat(commandEvents("inc-unverifiable")).isLessThan(200);
    // checks back off while they cannot look: a handful, not one per minute (or per event)
    verify(activities.mitigation, atMost(8)).verifyRecovery(any());
    // and the timeline says so once, not at every check
    assertThat(state.timeline)
        .filteredOn(e -> e.event().equals("Recovery cannot be verified"))
        .hasSize(1);
  }

  @Test
  void unverifiableRecovery_withAlertsStillFiring_asksForAResolveOnceAndKeepsCheckingSlowly() {
    verificationNotConfigured();
    IncidentWorkflow incident = open("inc-unverifiable-firing", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    env.sleep(Duration.ofMinutes(30));
    incident.markMitigated(new MarkMitigatedRequest("carol", "restarted by hand"));
    await(incident, s -> s.phase == Phase.MONITORING);

    env.sleep(Duration.ofHours(6));
    IncidentState state = await(incident, s -> s.unverifiedNoticeSent);
    assertThat(state.phase).isEqualTo(Phase.MONITORING);
    assertThat(state.timeline)
        .filteredOn(e -> e.event().startsWith("Monitoring window passed, but recovery cannot"))
        .singleElement()
        .satisfies(e -> assertThat(e.actionTaken()).contains("signal resolve with {\"by\""));
    verify(activities.chat, timeout(5_000).atLeastOnce())
        .postUpdate(
            argThat(u -> u.nextSteps().stream().anyMatch(n -> n.contains("signal resolve with"))));
    assertThat(details(incident)).contains("recovery cannot be verified (NOT\\_CONFIGURED");
    // six hours of an unverifiable recovery: the back-off reaches an hour between checks
    // (184 besides the workflow tasks, ~335-375 in all with 12 probes a diagnosis round; one check
    // a minute would be thousands)
    assertThat(commandEvents("inc-unverifiable-firing")).isLessThan(220);
    verify(activities.mitigation, atMost(12)).verifyRecovery(any());
    assertThat(state.nextVerificationAt).isAfter(now());

    incident.resolve(new ResolveRequest("carol", "dashboards green", false));
    IncidentState closed = await(incident, s -> s.phase == Phase.CLOSED);
    assertThat(Duration.between(closed.detectedAt, closed.restoredAt))
        .isBetween(Duration.ofMinutes(30), Duration.ofMinutes(30).plusSeconds(10));
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  @Test
  void verificationFailingForTwoHours_rechecksWithoutGrowingTheHistory() {
    when(activities.mitigation.verifyRecovery(any()))
        .thenReturn(new VerificationResult(false, "error ratio 9% >= 5%", List.of()));
    Alert firing = p1();
    IncidentWorkflow incident = open("inc-failing", policy(), firing);
    await(incident, s -> s.phase == Phase.MITIGATING);
    env.sleep(Duration.ofMinutes(10));
    incident.alert(new AlertBatch(List.of(Incidents.resolved(firing)), "d-resolved"));

    env.sleep(Duration.ofHours(2));
    IncidentState state = incident.state();
    assertThat(state.phase).isEqualTo(Phase.MITIGATING);
    assertThat(state.reopenCount).isEqualTo(1);
    assertThat(state.diagnosisRounds).isLessThanOrEqualTo(2);
    // every 5 minutes for two hours: about 24 checks, one line on the timeline for all of them
    verify(activities.mitigation, atMost(30)).verifyRecovery(any());
    assertThat(state.timeline)
        .filteredOn(e -> e.event().equals("Verification: unhealthy"))
        .hasSize(1);
    assertThat(historyEvents("inc-failing")).isLessThan(450);
  }

  @Test
  void verificationFlappingForTwoHours_staysWithinAFewHundredEvents() {
    AtomicInteger checks = new AtomicInteger();
    when(activities.mitigation.verifyRecovery(any()))
        .thenAnswer(
            call ->
                checks.incrementAndGet() % 2 == 0
                    ? new VerificationResult(false, "error ratio 9% >= 5%", List.of())
                    : new VerificationResult(true, "ok", List.of()));
    Alert firing = p1();
    IncidentWorkflow incident = open("inc-flapping", policy(), firing);
    await(incident, s -> s.phase == Phase.MITIGATING);
    env.sleep(Duration.ofMinutes(10));
    incident.alert(new AlertBatch(List.of(Incidents.resolved(firing)), "d-resolved"));

    env.sleep(Duration.ofHours(2));
    IncidentState state = incident.state();
    assertThat(state.reopenCount).isGreaterThanOrEqualTo(5);
    // a failed check within 30 minutes of the last round (and no action since) does not re-probe
    assertThat(state.diagnosisRounds).isLessThanOrEqualTo(5);
    // up to 5 rounds of 12 probes (3 events each) and the checks between them
    assertThat(historyEvents("inc-flapping")).isLessThan(700);
  }

  // ------------------------------------------------------------ nothing waits for Slack

  @Test
  void slackHanging_theIncidentIsPagedAndDiagnosedWhileTheChannelWaits() throws Exception {
    CountDownLatch slack = new CountDownLatch(1);
    doAnswer(
            call -> {
              slack.await(20, TimeUnit.SECONDS);
              IncidentBrief brief = call.getArgument(0);
              return new ChannelRef("C01", brief.channelName(), null);
            })
        .when(activities.chat)
        .openIncidentChannel(any());
    when(activities.diagnosis.inspectRollouts(any()))
        .thenReturn(
            new Finding(
                DiagnosisProbe.ROLLOUT_HISTORY,
                FindingOutcome.ANOMALY,
                "bad rollout",
                List.of(),
                List.of(
                    new ActionProposal(
                        ActionType.ROLLBACK, "shop", "checkout", Map.of(), null, "bad rollout")),
                Incidents.START));
    IncidentWorkflow incident = open("inc-slack-hangs", policy(), p1());
    try {
      IncidentState state =
          await(
              incident,
              s ->
                  s.phase == Phase.MITIGATING && s.page != null && !s.pendingApprovals().isEmpty());
      assertThat(state.channel).isNull();
      assertThat(state.diagnosis).isNotNull();
      assertThat(details(incident)).contains("Incident channel: opening (Slack)");
      // the approval request goes to the channel: it waits for it, the approval itself does not
      verify(activities.chat, never()).requestApproval(any());
    } finally {
      slack.countDown();
    }
    await(incident, s -> s.channel != null);
    verify(activities.chat, timeout(5_000)).requestApproval(any());
  }

  @Test
  void resolvedWhilePagerStatusPageAndSlackStillAnswer_eachIsClosedOnceItExists() throws Exception {
    CountDownLatch outside = new CountDownLatch(1);
    doAnswer(
            call -> {
              outside.await(20, TimeUnit.SECONDS);
              return new PageRef("PD-9", "https://pd.example/PD-9");
            })
        .when(activities.paging)
        .openPage(any());
    doAnswer(
            call -> {
              outside.await(20, TimeUnit.SECONDS);
              return new StatusPageRef("sp-9", "https://status.example/sp-9");
            })
        .when(activities.statusPage)
        .openStatusIncident(any());
    doAnswer(
            call -> {
              outside.await(20, TimeUnit.SECONDS);
              IncidentBrief brief = call.getArgument(0);
              return new ChannelRef("C09", brief.channelName(), null);
            })
        .when(activities.chat)
        .openIncidentChannel(any());
    ResponsePolicy userFacing =
        policy(
            "\"services\":{\"api-gateway\":{\"tier\":\"CRITICAL\",\"userFacing\":true,"
                + "\"statusPageComponent\":\"API\"}}");
    IncidentWorkflow incident =
        open(
            "inc-late-openings",
            userFacing,
            alert("ApiGatewayDown", "api-gateway", "outage", "true"));
    try {
      verify(activities.paging, timeout(10_000)).openPage(any());
      verify(activities.statusPage, timeout(10_000)).openStatusIncident(any());
      verify(activities.chat, timeout(10_000)).openIncidentChannel(any());
      // a false positive, declared while the pager, the status page and Slack have not answered
      incident.resolve(new ResolveRequest("carol", "synthetic check misfired", true));
      IncidentState closing = await(incident, s -> s.phase.isOver());
      assertThat(closing.page).isNull();
      verify(activities.paging, never()).resolvePage(any());
    } finally {
      outside.countDown();
    }

    IncidentOutcome outcome = WorkflowStub.fromTyped(incident).getResult(IncidentOutcome.class);
    assertThat(outcome.falsePositive()).isTrue();
    verify(activities.paging).resolvePage(argThat(r -> r.page().id().equals("PD-9")));
    verify(activities.statusPage)
        .resolveStatusIncident(argThat(n -> n.existing().id().equals("sp-9")));
    verify(activities.chat).archiveIncidentChannel(argThat(b -> "C09".equals(b.channelId())));
    // the final update waited for the channel instead of going nowhere
    verify(activities.chat).postUpdate(argThat(u -> "C09".equals(u.brief().channelId())));
    IncidentState closed = incident.state();
    assertThat(closed.phase).isEqualTo(Phase.CLOSED);
    assertThat(closed.statusPage.id()).isEqualTo("sp-9");
    assertThat(closed.channel.id()).isEqualTo("C09");
  }

  // ------------------------------------------------------------ state that stays bounded

  @Test
  void hundredThousandAlertsInAThousandDeliveries_keepTheStateSmallAndTheIncidentStillCloses() {
    IncidentWorkflow incident = open("inc-100k", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    for (int delivery = 0; delivery < 1_000; delivery++) {
      List<Alert> alerts = new ArrayList<>(100);
      for (int i = 0; i < 100; i++) {
        int n = delivery * 100 + i;
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "PodNotReady");
        labels.put("service", "checkout");
        labels.put("namespace", "shop");
        labels.put("pod", "checkout-" + n);
        alerts.add(
            new Alert(
                AlertSource.ALERTMANAGER,
                AlertStatus.FIRING,
                "fp-" + n,
                labels,
                Map.of("summary", "Pod checkout-" + n + " is not ready"),
                Incidents.START,
                null,
                null,
                null));
      }
      incident.alert(new AlertBatch(alerts, "delivery-" + delivery));
    }
    IncidentState state = await(incident, s -> s.alerts.size() + s.alertsNotKept == 100_001);
    String json =
        JacksonJsonPayloadConverter.newDefaultObjectMapper().valueToTree(state).toString();
    assertThat(json.length()).as("state JSON bytes").isLessThan(700_000);
    assertThat(state.timeline.size()).isLessThanOrEqualTo(Timeline.LIMIT);
    assertThat(state.alertDeliveries).isEqualTo(100_001);

    incident.resolve(new ResolveRequest("carol", "storm over", false));
    assertThat(WorkflowStub.fromTyped(incident).getResult(IncidentOutcome.class).falsePositive())
        .isFalse();
    assertThat(incident.state().phase).isEqualTo(Phase.CLOSED);
  }

  @Test
  void aThousandNotesAndAMegabyteOfText_keepTheTimelineBounded() {
    IncidentWorkflow incident = open("inc-chatty", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    String essay = "x".repeat(100_000);
    for (int i = 0; i < 1_000; i++) {
      incident.addNote(new NoteRequest("carol", i % 100 == 0 ? essay : "note " + i));
    }
    IncidentState state = await(incident, s -> hasEvent(s, "Note: note 999"));
    assertThat(state.timeline).hasSize(Timeline.LIMIT);
    assertThat(state.timeline.get(Timeline.HEAD).event()).endsWith("timeline entries omitted here");
    assertThat(state.timelineOmitted).isPositive();
    assertThat(state.timeline)
        .allSatisfy(e -> assertThat(e.event().length()).isLessThanOrEqualTo(1_000));
    // the opening of the story stays
    assertThat(state.timeline.get(0).event()).startsWith("Incident opened from 1 alert(s)");
  }

  @Test
  void historyStoreDown_neverHoldsContinueAsNewBack() {
    doThrow(ApplicationFailure.newFailure("store down", FailureType.UNAVAILABLE.type()))
        .when(activities.history)
        .recordIncident(any());
    IncidentWorkflow incident =
        open("inc-store-down", policy("\"continueAsNewAfterEvents\":60"), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);
    Instant before = now();
    for (int i = 0; i < 30; i++) {
      NoteRequest note = new NoteRequest("carol", "note " + i);
      signalAcrossContinueAsNew(() -> incident.addNote(note));
    }
    await(incident, s -> s.generation >= 1);
    HistoryEvent started = client.fetchHistory("inc-store-down").getEvents().get(0);
    Instant newRun =
        Instant.ofEpochSecond(
            started.getEventTime().getSeconds(), started.getEventTime().getNanos());
    // the store's retries run for up to 10 minutes; the incident does not wait for them
    assertThat(Duration.between(before, newRun)).isLessThan(Duration.ofMinutes(1));
  }

  // ------------------------------------------------------------ input that does not fit

  @Test
  void signalWhoseJsonDoesNotFit_isSaidOnTheTimelineAndInTheDetails() {
    IncidentWorkflow incident = open("inc-bad-signal", policy(), p1());
    await(incident, s -> s.phase == Phase.MITIGATING);

    // as typed in the Temporal UI: a severity that does not exist
    client
        .newUntypedWorkflowStub("inc-bad-signal")
        .signal("setSeverity", Map.of("severity", "P9", "by", "alice"));
    IncidentState state = await(incident, s -> s.lastSignalNotUnderstood != null);
    assertThat(state.severity).isEqualTo(Severity.P1);
    assertThat(state.timeline)
        .filteredOn(
            e -> e.event().startsWith("Signal setSeverity not understood: field 'severity'"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.actionTaken()).contains("{\"severity\":\"P1\",\"by\":\"YOUR_NAME\""));
    assertThat(details(incident)).contains("Last signal NOT understood: setSeverity");

    // a bare string where an object belongs
    client.newUntypedWorkflowStub("inc-bad-signal").signal("acknowledge", "alice");
    state = await(incident, s -> hasEvent(s, "Signal acknowledge not understood"));
    assertThat(state.acknowledged()).isFalse();
  }

  @Test
  void aServiceLabelOf3000Characters_isBoundedBeforeTemporalSeesItAndTheIncidentRuns() {
    String huge = "checkout-" + "x".repeat(3_000);
    IncidentWorkflow incident =
        open("inc-huge-service", policy(), alert("CheckoutErrors", huge, "severity", "critical"));
    IncidentState state = await(incident, s -> s.phase == Phase.MITIGATING);
    assertThat(state.service.length()).isLessThanOrEqualTo(IncidentContext.MAX_NAME);
    assertThat(state.service).startsWith("checkout-xxx").contains("~");
    Payload service =
        client.fetchHistory("inc-huge-service").getEvents().stream()
            .filter(HistoryEvent::hasUpsertWorkflowSearchAttributesEventAttributes)
            .map(
                e ->
                    e.getUpsertWorkflowSearchAttributesEventAttributes()
                        .getSearchAttributes()
                        .getIndexedFieldsMap()
                        .get("IncidentService"))
            .filter(p -> p != null)
            .findFirst()
            .orElseThrow();
    assertThat(service.getData().size()).isLessThan(300);
  }

  // ------------------------------------------------------------ what responders see is true

  @Test
  void p2_isPagedAtLowUrgency() {
    IncidentWorkflow incident =
        open("inc-p2", policy(), alert("SlowSearch", "search", "severity", "warning"));
    IncidentState state = await(incident, s -> s.page != null);
    assertThat(state.severity).isEqualTo(Severity.P2);
    verify(activities.paging).openPage(argThat(r -> r.urgency() == PageUrgency.LOW));
  }

  @Test
  void pagingNotConfigured_theDetailsSayNobodyWasPaged() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "paging (PagerDuty) is not configured", FailureType.NOT_CONFIGURED.type()))
        .when(activities.paging)
        .openPage(any());
    IncidentWorkflow incident = open("inc-no-pager", policy(), p1());
    await(incident, s -> s.pagingProblem != null && s.phase == Phase.MITIGATING);
    String details = details(incident);
    assertThat(details).contains("NOBODY PAGED (NOT\\_CONFIGURED: paging (PagerDuty)");
    assertThat(details).doesNotContain(") paged,");
  }

  @Test
  void hostileAlertText_isShownAsTextInTheCurrentDetails() {
    Alert hostile =
        new Alert(
            AlertSource.ALERTMANAGER,
            AlertStatus.FIRING,
            "fp-hostile",
            Map.of("alertname", "Evil", "service", "checkout", "severity", "critical"),
            Map.of("summary", "<b>bold</b> <!channel> @here & *stars* \u202Edlrow"),
            Incidents.START,
            null,
            null,
            null);
    IncidentWorkflow incident = open("inc-hostile", policy(), hostile);
    await(incident, s -> s.phase == Phase.MITIGATING);
    String details = details(incident);
    assertThat(details)
        .contains("&lt;b&gt;bold&lt;/b&gt; &lt;!channel&gt; @here &amp; \\*stars\\*");
    assertThat(details).doesNotContain("<b>").doesNotContain("\u202E");
  }

  @Test
  void p3_isNotPagedWhenItOpensAndSaysSo() {
    IncidentWorkflow incident =
        open("inc-p3-quiet", policy(), alert("DiskFilling", "batch", "severity", "info"));
    IncidentState state = await(incident, s -> s.phase == Phase.MITIGATING && s.channel != null);
    assertThat(state.severity).isEqualTo(Severity.P3);
    verify(activities.chat, timeout(5_000)).postInitialStatus(any());
    verify(activities.paging, never()).openPage(any());
    assertThat(details(incident)).contains("not paged yet (P3 is paged when its response time");
    assertThat(mockingDetails(activities.paging).getInvocations()).isEmpty();
  }
}
