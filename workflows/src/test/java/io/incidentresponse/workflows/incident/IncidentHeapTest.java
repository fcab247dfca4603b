package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.eventually;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static io.incidentresponse.workflows.incident.Incidents.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.capabilities.Capabilities;
import io.incidentresponse.workflows.capabilities.Integration;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a waiting incident keeps in the worker's heap (issue 18), counted in this JVM's own class
 * histogram ({@code GC.class_histogram}: a full GC, then the live instances of each class) while
 * the test worker holds the incidents in its cache.
 */
class IncidentHeapTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  private static final int INCIDENTS = 20;

  private static final String ACTIVITY_STUB = "io.temporal.internal.sync.ActivityInvocationHandler";

  private static final String ACTIVITY_STATE =
      "io.temporal.internal.statemachines.ActivityStateMachine";

  private static final String LOCAL_ACTIVITY_STATE =
      "io.temporal.internal.statemachines.LocalActivityStateMachine";

  /** Live instances of each class in this JVM after a full GC. */
  private static Map<String, Long> liveInstances() {
    try {
      String histogram =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
      Map<String, Long> live = new HashMap<>();
      for (String line : histogram.split("\n")) {
        // "   1:        1234       56789  class.Name (module)"
        String[] columns = line.trim().split("\\s+");
        if (columns.length >= 4 && columns[0].endsWith(":")) {
          live.put(columns[3], Long.parseLong(columns[1]));
        }
      }
      return live;
    } catch (Exception e) {
      throw new IllegalStateException("no class histogram from this JVM", e);
    }
  }

  @Test
  void waitingIncidents_keepNoStateOfTheActivitiesTheyCompleted(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    openAndWait(env, worker, options, "inc-calls-");

    // every incident paged, opened its channel, posted, asked the worker what is configured and
    // ran its probes, all completed: before IncidentContext.RELEASED_CALLS the SDK kept each
    // call's state machine (the run's scope kept the call's cancellation handler) while the
    // incident waited, 380 activity state machines here (19 per incident)
    long activities =
        eventually(
            () -> liveInstances().getOrDefault(ACTIVITY_STATE, 0L), live -> live < INCIDENTS);
    assertThat(activities).isLessThan(INCIDENTS);
    assertThat(liveInstances().getOrDefault(LOCAL_ACTIVITY_STATE, 0L)).isLessThan(INCIDENTS);
  }

  @Test
  void waitingIncidents_keepNoActivityStubOfTheCallsTheyMade(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    openAndWait(env, worker, options, "inc-heap-");

    // every incident opened (paged, posted, diagnosed) and now waits: the stubs it called through
    // were kept while it waited, one per interface and options (120 here, 6 per incident, before
    // stubs were made for each use)
    long stubs =
        eventually(() -> liveInstances().getOrDefault(ACTIVITY_STUB, 0L), live -> live < INCIDENTS);
    assertThat(stubs).isLessThan(INCIDENTS);
  }

  /** Opens {@link #INCIDENTS} one-alert incidents and waits until each has opened and waits. */
  private static void openAndWait(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options, String prefix) {
    Activities activities = new Activities();
    // what a worker without a status page or Kubernetes answers, as every incident it serves
    activities.capabilities =
        new Capabilities(
            List.of(Integration.STATUS_PAGE),
            Map.of(
                DiagnosisProbe.POD_HEALTH, "Kubernetes (incident.kubernetes.enabled) is not set"));
    activities.registerOn(worker);
    env.start();
    List<IncidentWorkflow> incidents = new ArrayList<>();
    for (int i = 0; i < INCIDENTS; i++) {
      incidents.add(
          start(
              env.getWorkflowClient(),
              options,
              prefix + i,
              policy(),
              alert("CheckoutErrors", "checkout-" + i, "severity", "critical")));
    }
    for (IncidentWorkflow incident : incidents) {
      IncidentState state = await(incident, s -> s.phase == Phase.MITIGATING && s.channel != null);
      assertThat(state.notConfigured).contains("status page");
    }
  }
}
