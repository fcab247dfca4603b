package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static io.incidentresponse.workflows.incident.Incidents.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.incidentresponse.workflows.capabilities.Capabilities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The investigation's probes run at once (issue 18: 8 probes of 200 ms finish in about 200 ms, not
 * 8 x 200): every served probe is in flight before any answers, and all are scheduled by one
 * workflow task.
 */
class InvestigationTest {
  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  /** The 8 probes the benchmark serves: Kubernetes (5), Prometheus (2), Elasticsearch. */
  private static final Set<DiagnosisProbe> SERVED =
      Set.of(
          DiagnosisProbe.POD_HEALTH,
          DiagnosisProbe.KUBERNETES_EVENTS,
          DiagnosisProbe.ROLLOUT_HISTORY,
          DiagnosisProbe.NODE_HEALTH,
          DiagnosisProbe.POD_LOGS,
          DiagnosisProbe.SERVICE_METRICS,
          DiagnosisProbe.DEPENDENCIES,
          DiagnosisProbe.ERROR_LOGS);

  private final Activities activities = new Activities();
  private final CountDownLatch allInFlight = new CountDownLatch(SERVED.size());
  private final Set<DiagnosisProbe> sawAllInFlight = ConcurrentHashMap.newKeySet();
  private final List<String> opened = new ArrayList<>();
  private WorkflowClient client;
  private WorkflowOptions options;

  @BeforeEach
  void startWorker(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    Map<DiagnosisProbe, String> notServed = new EnumMap<>(DiagnosisProbe.class);
    for (DiagnosisProbe probe : DiagnosisProbe.values()) {
      if (!SERVED.contains(probe)) {
        notServed.put(probe, probe + " is not configured");
      }
    }
    activities.capabilities = new Capabilities(List.of(), notServed);
    when(activities.diagnosis.inspectPods(any()))
        .thenAnswer(call -> waitForTheOthers(DiagnosisProbe.POD_HEALTH));
    when(activities.diagnosis.inspectEvents(any()))
        .thenAnswer(call -> waitForTheOthers(DiagnosisProbe.KUBERNETES_EVENTS));
    when(activities.diagnosis.inspectRollouts(any()))
        .thenAnswer(call -> waitForTheOthers(DiagnosisProbe.ROLLOUT_HISTORY));
    when(activities.diagnosis.inspectNodes(any()))
        .thenAnswer(call -> waitForTheOthers(DiagnosisProbe.NODE_HEALTH));
    when(activities.diagnosis.readPodLogs(any()))
        .thenAnswer(call -> waitForTheOthers(DiagnosisProbe.POD_LOGS));
    when(activities.diagnosis.queryMetrics(any()))
        .thenAnswer(call -> waitForTheOthers(DiagnosisProbe.SERVICE_METRICS));
    when(activities.diagnosis.analyzeDependencies(any()))
        .thenAnswer(call -> waitForTheOthers(DiagnosisProbe.DEPENDENCIES));
    when(activities.diagnosis.searchLogs(any()))
        .thenAnswer(call -> waitForTheOthers(DiagnosisProbe.ERROR_LOGS));
    activities.registerOn(worker);
    env.start();
    this.client = env.getWorkflowClient();
    this.options = options;
  }

  @AfterEach
  void loopNeverSpun() {
    Incidents.assertNeverSpun(client, opened);
  }

  /**
   * A probe that answers only once all 8 are running: run one after another, the first would give
   * up waiting (after 5 s, inside its 20 s timeout) and say it ran alone.
   */
  private Finding waitForTheOthers(DiagnosisProbe probe) throws InterruptedException {
    allInFlight.countDown();
    if (allInFlight.await(5, TimeUnit.SECONDS)) {
      sawAllInFlight.add(probe);
    }
    return Activities.healthy(probe);
  }

  @Test
  void eightServedProbes_areAllInFlightAtOnce_scheduledByOneWorkflowTask() {
    String id = "inc-parallel-probes";
    opened.add(id);
    IncidentWorkflow incident =
        start(
            client,
            options,
            id,
            policy(Incidents.probeTimeouts("PT20S")),
            alert("CheckoutErrors", "checkout", "severity", "critical"));

    await(incident, s -> s.diagnosis != null);

    assertThat(sawAllInFlight).containsExactlyInAnyOrderElementsOf(SERVED);
    assertThat(incident.diagnosis().count(FindingOutcome.HEALTHY)).isEqualTo(SERVED.size());
    List<Long> schedulingTasks = new ArrayList<>();
    for (HistoryEvent e : client.fetchHistory(id).getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && e.getActivityTaskScheduledEventAttributes()
              .getActivityType()
              .getName()
              .matches("Inspect.*|ReadPodLogs|QueryMetrics|AnalyzeDependencies|SearchLogs")) {
        schedulingTasks.add(
            e.getActivityTaskScheduledEventAttributes().getWorkflowTaskCompletedEventId());
      }
    }
    assertThat(schedulingTasks).hasSize(SERVED.size());
    assertThat(Set.copyOf(schedulingTasks)).hasSize(1);
  }
}
