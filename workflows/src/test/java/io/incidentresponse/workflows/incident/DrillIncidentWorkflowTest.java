package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.hasEvent;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.postmortem.PostmortemInput;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * A drill's incident ({@link IncidentInput#drillId()} set): the same runbook, but every message and
 * page says DRILL, no status page opens and leadership hears of it only when the drill asks. Real
 * incidents are covered, unchanged, by {@link IncidentWorkflowTest}.
 */
class DrillIncidentWorkflowTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  private static final String DRILL = "drill-api-gateway";

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

  /** A policy under which a real P0 on api-gateway would open a status page. */
  private static ResponsePolicy userFacing(String moreFields) {
    return policy(
        "\"services\":{\"api-gateway\":{\"tier\":\"CRITICAL\",\"userFacing\":true,"
            + "\"statusPageComponent\":\"API\"}}"
            + (moreFields.isEmpty() ? "" : "," + moreFields));
  }

  private static Alert p0() {
    return alert("ApiGatewayDown", "api-gateway", "priority", "P0", "outage", "true");
  }

  private IncidentWorkflow openDrill(
      String id, ResponsePolicy policy, boolean notifiesLeadership, Alert alert) {
    opened.add(id);
    IncidentWorkflow workflow =
        client.newWorkflowStub(
            IncidentWorkflow.class, WorkflowOptions.newBuilder(options).setWorkflowId(id).build());
    WorkflowClient.start(
        workflow::run,
        new IncidentInput(
            List.of(alert), policy, null, null, null, null, DRILL, notifiesLeadership));
    return client.newWorkflowStub(IncidentWorkflow.class, id);
  }

  /** Waits until the incident's {@code IncidentDrill} search attribute is true. */
  private static void awaitDrillAttribute(IncidentWorkflow incident) {
    Incidents.eventually(
        () ->
            WorkflowStub.fromTyped(incident)
                .describe()
                .getTypedSearchAttributes()
                .get(IncidentSearchAttributes.DRILL),
        Boolean.TRUE::equals);
  }

  private int updatesPosted() {
    return (int)
        mockingDetails(activities.chat).getInvocations().stream()
            .filter(call -> call.getMethod().getName().equals("postUpdate"))
            .count();
  }

  private static boolean saysDrill(IncidentBrief brief) {
    return brief.title().startsWith("[DRILL] ");
  }

  @Test
  void
      drillP0OnAUserFacingService_saysDrillInEveryMessageAndPage_opensNoStatusPage_tellsNoLeader() {
    IncidentWorkflow incident = openDrill("inc-drill", userFacing(""), false, p0());
    IncidentState state = await(incident, s -> s.phase == Phase.MITIGATING && s.channel != null);

    assertThat(state.severity).isEqualTo(Severity.P0);
    assertThat(state.drillId).isEqualTo(DRILL);
    assertThat(state.title).doesNotStartWith("[DRILL]"); // the mark is in the messages, once
    assertThat(state.channel.name())
        .matches("incident-drill-2026-11-26-1400-api-gateway-[0-9a-f]{6}")
        .hasSizeLessThanOrEqualTo(Texts.CHANNEL_NAME_MAX);
    assertThat(hasEvent(state, "Incident opened")).isTrue();
    assertThat(state.timeline.get(0).actionTaken()).contains("DRILL of " + DRILL);
    verify(activities.paging, timeout(5_000)).openPage(argThat(r -> saysDrill(r.brief())));
    verify(activities.chat).openIncidentChannel(argThat(DrillIncidentWorkflowTest::saysDrill));
    verify(activities.chat, timeout(5_000)).postInitialStatus(argThat(b -> saysDrill(b)));

    // nobody acknowledges: escalations are pages that say DRILL; past the top level, leadership
    // is still not told, and the internal updates on the P0 cadence say DRILL too
    env.sleep(Duration.ofMinutes(80)); // five levels, 15 minutes each
    state = await(incident, s -> s.escalationExhausted);
    ArgumentCaptor<PageRequest> escalations = ArgumentCaptor.forClass(PageRequest.class);
    verify(activities.paging, atLeast(2)).escalatePage(escalations.capture());
    assertThat(escalations.getAllValues()).allMatch(r -> saysDrill(r.brief()));
    ArgumentCaptor<IncidentUpdate> updates = ArgumentCaptor.forClass(IncidentUpdate.class);
    verify(activities.chat, atLeastOnce()).postUpdate(updates.capture());
    assertThat(updates.getAllValues())
        .allMatch(u -> saysDrill(u.brief()) && u.impact().contains("[DRILL] "));
    assertThat(hasEvent(state, "No acknowledgement after every escalation level")).isTrue();

    incident.acknowledge(new AcknowledgeRequest("carol", null));
    incident.resolve(new ResolveRequest("carol", "fault reverted", false));
    await(incident, s -> s.phase == Phase.CLOSED);
    WorkflowStub.fromTyped(incident).getResult(IncidentOutcome.class);

    verify(activities.statusPage, never()).openStatusIncident(any());
    verify(activities.statusPage, never()).updateStatusIncident(any());
    verify(activities.statusPage, never()).resolveStatusIncident(any());
    verify(activities.chat, never()).notifyLeadership(any());
    verify(activities.stakeholders, never()).emailStakeholders(any());
    verify(activities.chat, timeout(5_000))
        .postUpdate(argThat(u -> u.status().equals("RESOLVED") && saysDrill(u.brief())));
    // the history store and the postmortem know it was a drill
    ArgumentCaptor<IncidentSummary> written = ArgumentCaptor.forClass(IncidentSummary.class);
    verify(activities.history, timeout(5_000).atLeast(3)).recordIncident(written.capture());
    assertThat(written.getAllValues()).allMatch(IncidentSummary::drill);
    ArgumentCaptor<PostmortemInput> drafted = ArgumentCaptor.forClass(PostmortemInput.class);
    verify(activities.postmortem, timeout(5_000).atLeastOnce()).draftPostmortem(drafted.capture());
    assertThat(drafted.getValue().incident().drillId).isEqualTo(DRILL);
  }

  @Test
  void drillIncident_isSearchableAsADrill() {
    IncidentWorkflow incident = openDrill("inc-drill-sa", userFacing(""), false, p0());
    await(incident, s -> s.phase == Phase.MITIGATING);

    awaitDrillAttribute(incident);
  }

  @Test
  void drillThatAsksForLeadership_tellsLeadershipWithDrillInTheTitle_butStillNoStatusPage() {
    IncidentWorkflow incident = openDrill("inc-drill-lead", userFacing(""), true, p0());
    await(incident, s -> s.phase == Phase.MITIGATING && s.leadershipNotified);

    verify(activities.chat, timeout(5_000))
        .notifyLeadership(argThat(n -> n.kind().equals("opened") && saysDrill(n.brief())));
    verify(activities.stakeholders, timeout(5_000))
        .emailStakeholders(argThat(n -> saysDrill(n.brief())));
    verify(activities.statusPage, never()).openStatusIncident(any());
  }

  @Test
  void drillIncident_staysADrillAcrossContinueAsNew() {
    IncidentWorkflow incident =
        openDrill(
            "inc-drill-can",
            // an update every few seconds: the next run's come in real time, with no env.sleep
            // after the continue-as-new (the test server's time skipping can hang there)
            userFacing(
                "\"continueAsNewAfterEvents\":120,"
                    + "\"updateCadence\":{\"P0\":\"PT5S\",\"P1\":\"PT5S\",\"P2\":\"PT5S\"}"),
            false,
            alert("CheckoutErrors", "checkout", "severity", "critical"));
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.acknowledge(new AcknowledgeRequest("carol", null));
    for (int i = 0; i < 80; i++) {
      NoteRequest note = new NoteRequest("erin", "note " + i);
      Incidents.signalAcrossContinueAsNew(() -> incident.addNote(note));
    }

    IncidentState state = await(incident, s -> s.generation >= 1 && hasEvent(s, "note 79"));
    assertThat(state.drillId).isEqualTo(DRILL);
    int before = updatesPosted();
    ArgumentCaptor<IncidentUpdate> updates = ArgumentCaptor.forClass(IncidentUpdate.class);
    verify(activities.chat, timeout(60_000).atLeast(before + 2)).postUpdate(updates.capture());
    assertThat(updates.getAllValues()).allMatch(u -> saysDrill(u.brief()));
    awaitDrillAttribute(incident);
  }
}
