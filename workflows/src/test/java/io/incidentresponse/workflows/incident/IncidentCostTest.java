package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.capabilities.Capabilities;
import io.incidentresponse.workflows.capabilities.CapabilityActivities;
import io.incidentresponse.workflows.capabilities.Integration;
import io.incidentresponse.workflows.closure.ImpactActivities;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.incidentresponse.workflows.oncall.OnCallActivities;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one incident costs the Temporal server (issue 18): its history from open to close on a bare
 * install, where the worker has settings for nothing but the history store (H2 by default), every
 * other integration served by a "not configured" implementation. Counts are deterministic on the
 * test server; timing is the benchmark's job.
 */
class IncidentCostTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowOptions options;

  private Worker worker;

  @BeforeEach
  void keep(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    this.env = env;
    this.worker = worker;
    this.client = env.getWorkflowClient();
    this.options = options;
  }

  private void startBareInstall() {
    bareInstall(worker);
    env.start();
  }

  private static <T> T notConfigured(Class<T> type, String integration) {
    return mock(
        type,
        withSettings()
            .withoutAnnotations()
            .defaultAnswer(
                call -> {
                  throw ExpectedFailures.notConfigured(integration + " is not configured");
                }));
  }

  private static void bareInstall(Worker worker) {
    // The history store (H2 by default) and the postmortem's files need no settings.
    Activities answering = new Activities();
    OnCallActivities roster =
        mock(
            OnCallActivities.class,
            withSettings()
                .withoutAnnotations()
                .defaultAnswer(
                    call ->
                        call.getMethod().getName().equals("resolveTarget")
                            ? new EscalationTarget(
                                call.<EscalationTargetRequest>getArgument(0).level(),
                                null,
                                null,
                                null,
                                "no roster configured")
                            : List.of()));
    worker.registerActivitiesImplementations(
        notConfigured(PagingActivities.class, "paging (PagerDuty)"),
        notConfigured(ChatActivities.class, "chat (Slack)"),
        notConfigured(StatusPageActivities.class, "status page"),
        notConfigured(DiagnosisActivities.class, "probe"),
        notConfigured(MitigationActivities.class, "recovery verification"),
        notConfigured(StakeholderActivities.class, "stakeholder e-mail"),
        answering.postmortem,
        notConfigured(ImpactActivities.class, "users affected query"),
        answering.history,
        roster,
        mock(TrackerActivities.class, withSettings().withoutAnnotations()),
        (CapabilityActivities)
            () ->
                new Capabilities(
                    List.of(Integration.values()),
                    java.util.Arrays.stream(DiagnosisProbe.values())
                        .collect(
                            java.util.stream.Collectors.toMap(
                                p -> p,
                                p -> p + " is not configured",
                                (a, b) -> a,
                                java.util.LinkedHashMap::new))),
        new io.incidentresponse.workflows.identity.ProofChecker(
            Activities.PROOF_KEY, java.time.Clock.systemUTC()));
  }

  /** Events of each type, activity types scheduled and marker names of {@code id}'s history. */
  private Map<String, Integer> cost(String id) {
    Map<String, Integer> counts = new TreeMap<>();
    for (HistoryEvent e : client.fetchHistory(id).getEvents()) {
      counts.merge("events", 1, Integer::sum);
      counts.merge(e.getEventType().name().replace("EVENT_TYPE_", ""), 1, Integer::sum);
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        counts.merge(
            "activity:" + e.getActivityTaskScheduledEventAttributes().getActivityType().getName(),
            1,
            Integer::sum);
      }
    }
    return counts;
  }

  private Map<String, Integer> openAndClose(String id, Alert alert, boolean falsePositive) {
    IncidentWorkflow incident = Incidents.start(client, options, id, policy(), alert);
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.resolve(new ResolveRequest("carol", "ok", falsePositive));
    WorkflowStub.fromTyped(incident).getResult(IncidentOutcome.class);
    Map<String, Integer> cost = cost(id);
    System.out.println("cost of " + id + ": " + cost);
    return cost;
  }

  /**
   * A P2 from one alert on a bare install, resolved by a person, open to close. Before issue 18:
   * 137 events, 23 activities scheduled (17 failed NOT_CONFIGURED, 5 history store writes, the
   * roster), 9 version markers, 5 upserts, 16 workflow tasks. After: 41 events, the history store
   * alone (4 writes), 2 markers (the lean-incident version and the capabilities local activity).
   */
  @Test
  void bareInstall_p2Resolved_costsLessThanHalfTheEventsAndCallsOnlyTheHistoryStore() {
    startBareInstall();
    Map<String, Integer> cost =
        openAndClose("inc-cost-p2", alert("SearchSlow", "search", "severity", "warning"), false);

    assertThat(cost.get("events")).isLessThanOrEqualTo(137 / 2);
    assertThat(cost)
        .containsEntry("MARKER_RECORDED", 2)
        .doesNotContainKey("ACTIVITY_TASK_FAILED")
        .containsKey("activity:RecordIncident")
        .containsEntry("START_CHILD_WORKFLOW_EXECUTION_INITIATED", 1);
    assertThat(cost.keySet().stream().filter(k -> k.startsWith("activity:")))
        .containsOnly("activity:RecordIncident");
    assertThat(cost.get("UPSERT_WORKFLOW_SEARCH_ATTRIBUTES")).isLessThanOrEqualTo(3);
    assertThat(cost.get("WORKFLOW_TASK_COMPLETED")).isLessThanOrEqualTo(8);
  }

  /**
   * A P1 from one alert on a bare install, closed as a false positive. Before: 127 events, 26
   * activities scheduled (20 failed), 9 version markers, 5 upserts, 10 workflow tasks.
   */
  @Test
  void bareInstall_p1FalsePositive_costsLessThanHalfTheEventsAndSaysOnceWhatIsMissing() {
    startBareInstall();
    Map<String, Integer> cost =
        openAndClose(
            "inc-cost-p1", alert("CheckoutErrors", "checkout", "severity", "critical"), true);

    assertThat(cost.get("events")).isLessThanOrEqualTo(127 / 2);
    assertThat(cost.keySet().stream().filter(k -> k.startsWith("activity:")))
        .containsOnly("activity:RecordIncident");
    IncidentState state = client.newWorkflowStub(IncidentWorkflow.class, "inc-cost-p1").state();
    assertThat(state.timeline)
        .filteredOn(e -> e.event().startsWith("Not configured here: "))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.event())
                    .startsWith(
                        "Not configured here: paging (PagerDuty), chat (Slack), status page,")
                    .contains("probes POD_HEALTH"));
    assertThat(state.timeline).noneMatch(e -> e.actionTaken().startsWith("NOT_CONFIGURED"));
    // The same facts as when the calls failed: nobody paged and why, no channel and why.
    assertThat(state.pagingProblem)
        .isEqualTo("NOT_CONFIGURED: paging (PagerDuty) is not configured");
    assertThat(state.channelProblem).isEqualTo("NOT_CONFIGURED: chat (Slack) is not configured");
    assertThat(state.diagnosis.findings())
        .hasSize(12)
        .allSatisfy(f -> assertThat(f.summary()).startsWith("NOT_CONFIGURED: "));
    assertThat(state.phase).isEqualTo(Phase.CLOSED);
  }

  /**
   * Everything configured but the roster: the page is the first activity of the first workflow
   * task, beside the channel and the probes. Before issue 18 the first task asked the roster first
   * (a round trip) and the page went out in a later task.
   */
  @Test
  void withoutARoster_thePageIsTheFirstCommandOfTheFirstWorkflowTask() {
    Activities activities = new Activities();
    activities.capabilities = new Capabilities(List.of(Integration.ROSTER), Map.of());
    activities.registerOn(worker);
    env.start();

    Map<String, Integer> cost =
        openAndClose(
            "inc-page-first", alert("CheckoutErrors", "checkout", "severity", "critical"), false);

    List<String> firstTask = new java.util.ArrayList<>();
    int tasksCompleted = 0;
    for (HistoryEvent e : client.fetchHistory("inc-page-first").getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        tasksCompleted++;
      } else if (tasksCompleted == 1 && e.hasActivityTaskScheduledEventAttributes()) {
        firstTask.add(e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      }
    }
    assertThat(firstTask)
        .startsWith("OpenPage")
        .contains("OpenIncidentChannel", "InspectPods")
        .doesNotContain("ResolveTarget");
    assertThat(cost).doesNotContainKey("activity:ResolveTarget");
  }

  /**
   * Everything configured (the tests' answering integrations): what the lean change saves when
   * every call is real. Before issue 18: see the report in the test output.
   */
  @Test
  void everythingConfigured_p1Resolved_asksOneVersionAndUpsertsAtMostOncePerTask() {
    Activities activities = new Activities();
    activities.registerOn(worker);
    env.start();

    Map<String, Integer> cost =
        openAndClose(
            "inc-cost-configured",
            alert("CheckoutErrors", "checkout", "severity", "critical"),
            true);

    assertThat(cost).containsEntry("MARKER_RECORDED", 2);
    assertThat(cost.get("UPSERT_WORKFLOW_SEARCH_ATTRIBUTES")).isLessThanOrEqualTo(4);
  }

  /**
   * Search attributes given at the start (the starter sets them on the signal-with-start that opens
   * an incident) that the first workflow task would publish anyway count as published: that task
   * upserts nothing, the history is one event shorter (change {@code lean-incident} version 4).
   */
  @Test
  void startedWithTheAttributesItPublishesFirst_firstTaskUpsertsNothing() {
    new Activities().registerOn(worker);
    env.start();
    options = withStartAttributes(Phase.INVESTIGATING);

    Map<String, Integer> cost =
        openAndClose(
            "inc-start-attributes",
            alert("CheckoutErrors", "checkout", "severity", "critical"),
            true);

    assertThat(upsertsOfTheFirstTask("inc-start-attributes")).isEmpty();
    assertThat(cost.get("UPSERT_WORKFLOW_SEARCH_ATTRIBUTES")).isLessThanOrEqualTo(3);
  }

  /** Attributes given at the start that differ from the first task's are corrected by it. */
  @Test
  void startedWithOtherAttributes_firstTaskUpsertsItsOwn() {
    new Activities().registerOn(worker);
    env.start();
    options = withStartAttributes(Phase.TRIGGERED);

    openAndClose(
        "inc-start-other", alert("CheckoutErrors", "checkout", "severity", "critical"), true);

    assertThat(upsertsOfTheFirstTask("inc-start-other"))
        .singleElement()
        .isEqualTo(
            Map.of(
                "IncidentPhase",
                "\"INVESTIGATING\"",
                "IncidentSeverity",
                "\"P1\"",
                "IncidentService",
                "\"checkout\"",
                "IncidentAcknowledged",
                "false"));
  }

  private WorkflowOptions withStartAttributes(Phase phase) {
    return WorkflowOptions.newBuilder(options)
        .setTypedSearchAttributes(
            io.temporal.common.SearchAttributes.newBuilder()
                .set(IncidentSearchAttributes.SEVERITY, "P1")
                .set(IncidentSearchAttributes.SERVICE, "checkout")
                .set(IncidentSearchAttributes.PHASE, phase.name())
                .set(IncidentSearchAttributes.ACKNOWLEDGED, false)
                .build())
        .build();
  }

  /** The search attributes each upsert of the first workflow task set, as JSON texts. */
  private List<Map<String, String>> upsertsOfTheFirstTask(String id) {
    List<Map<String, String>> upserts = new java.util.ArrayList<>();
    int tasksCompleted = 0;
    for (HistoryEvent e : client.fetchHistory(id).getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        tasksCompleted++;
      } else if (tasksCompleted == 1 && e.hasUpsertWorkflowSearchAttributesEventAttributes()) {
        Map<String, String> fields = new TreeMap<>();
        e.getUpsertWorkflowSearchAttributesEventAttributes()
            .getSearchAttributes()
            .getIndexedFieldsMap()
            .forEach((k, v) -> fields.put(k, v.getData().toStringUtf8()));
        upserts.add(fields);
      }
    }
    return upserts;
  }
}
