package io.incidentresponse.activities.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Role;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.incidentresponse.workflows.oncall.OwnedIncident;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.EncodedValues;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.DynamicQueryHandler;
import io.temporal.workflow.DynamicWorkflow;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incidents a person holds, read from Temporal's test server: stand-in incident workflows
 * answer the {@code state} query with the state they were started with. The test server has no
 * visibility API, so the running ids are handed in; the listing is one visibility query.
 */
class HeldIncidentsTest {
  private static final String QUEUE = "incident-response";
  private static final OnCallPerson ALICE =
      new OnCallPerson("alice", "Alice Smith", "U0ALICE", "alice@example.com", null, null);

  /** Stands in for an incident: answers {@code state} with its argument, runs until cancelled. */
  public static class StandIn implements DynamicWorkflow {
    @Override
    public Object execute(EncodedValues args) {
      IncidentState state = args.get(0, IncidentState.class);
      Workflow.registerListener((DynamicQueryHandler) (name, values) -> state);
      Workflow.await(() -> false);
      return null;
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final List<String> ids = new java.util.ArrayList<>();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(StandIn.class);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private void open(String id, Phase phase, Instant detectedAt, String commander, String ackBy) {
    IncidentState state = new IncidentState();
    state.incidentId = id;
    state.title = "Trouble in " + id;
    state.service = "checkout";
    state.severity = Severity.P1;
    state.phase = phase;
    state.detectedAt = detectedAt;
    state.acknowledgedBy = ackBy;
    if (commander != null) {
      state.roles.put(Role.INCIDENT_COMMANDER, commander);
    }
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "Incident", WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
    stub.start(state);
    ids.add(id);
  }

  @Test
  void of_listsTheOpenIncidentsThePersonCommandsOrAcknowledged_oldestFirst() {
    open(
        "incident-b", Phase.MITIGATING, Instant.parse("2026-11-30T08:00:00Z"), "Alice Smith", null);
    open("incident-a", Phase.INVESTIGATING, Instant.parse("2026-11-30T07:00:00Z"), "bob", "ALICE");
    open("incident-c", Phase.INVESTIGATING, Instant.parse("2026-11-30T06:00:00Z"), "bob", "bob");
    open("incident-d", Phase.CLOSED, Instant.parse("2026-11-30T05:00:00Z"), "alice", null);
    ids.add("incident-ended-before-its-query");

    List<OwnedIncident> held = new HeldIncidents(client, () -> ids).of(ALICE);

    assertThat(held)
        .extracting(OwnedIncident::incidentId)
        .containsExactly("incident-a", "incident-b");
    assertThat(held.get(0).holds()).containsExactly("acknowledged");
    assertThat(held.get(1).holds()).containsExactly("incident commander");
    assertThat(held.get(1).title()).isEqualTo("Trouble in incident-b");
  }

  @Test
  void of_personWithoutAnyName_holdsNothing() {
    open("incident-a", Phase.INVESTIGATING, Instant.now(), "", null);

    assertThat(
            new HeldIncidents(client, () -> ids)
                .of(new OnCallPerson(" ", null, null, null, null, null)))
        .isEmpty();
  }
}
