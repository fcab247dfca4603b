package io.incidentresponse.workflows.postmortem;

import static org.assertj.core.api.Assertions.fail;

import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Role;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Incidents and waits shared by the postmortem workflow tests. */
final class Postmortems {
  /** Thursday 26 November 2026, 16:00 UTC: the incident was resolved then. */
  static final Instant RESOLVED = Instant.parse("2026-11-26T16:00:00Z");

  private Postmortems() {}

  /**
   * A resolved incident: commander alice, acknowledged by carol, a rollback approved by dave and
   * one run by policy (no person to invite).
   */
  static IncidentState resolvedIncident(String id, Instant resolvedAt) {
    IncidentState s = new IncidentState();
    s.incidentId = id;
    s.title = "Checkout errors";
    s.service = "checkout";
    s.namespace = "shop";
    s.severity = Severity.P1;
    s.phase = Phase.CLOSED;
    s.detectedAt = resolvedAt.minus(Duration.ofHours(2));
    s.acknowledgedAt = s.detectedAt.plus(Duration.ofMinutes(4));
    s.acknowledgedBy = "carol";
    s.roles.put(Role.INCIDENT_COMMANDER, "alice");
    ActionProposal rollback =
        new ActionProposal(
            ActionType.ROLLBACK, "shop", "checkout", Map.of("revision", "41"), null, "deploy");
    s.actions.add(
        new MitigationAction(
            "rollback-1",
            rollback,
            "rollout-history",
            s.detectedAt,
            ActionStatus.SUCCEEDED,
            "dave",
            s.detectedAt.plus(Duration.ofMinutes(20)),
            "rolled back",
            s.detectedAt.plus(Duration.ofMinutes(25))));
    s.actions.add(
        new MitigationAction(
            "restart-2",
            rollback,
            "pod-health",
            s.detectedAt,
            ActionStatus.SUCCEEDED,
            TimelineEntry.POLICY,
            s.detectedAt.plus(Duration.ofMinutes(21)),
            "restarted",
            s.detectedAt.plus(Duration.ofMinutes(22))));
    s.resolvedAt = resolvedAt;
    s.closedAt = resolvedAt;
    s.downtime = Duration.between(s.detectedAt, resolvedAt);
    s.timeline.add(new TimelineEntry(s.detectedAt, TimelineEntry.SYSTEM, "Incident opened", ""));
    s.timeline.add(new TimelineEntry(resolvedAt, "alice", "Resolved", "rollback"));
    return s;
  }

  static PostmortemWorkflow start(
      WorkflowClient client, WorkflowOptions options, String workflowId, PostmortemInput input) {
    PostmortemWorkflow workflow =
        client.newWorkflowStub(
            PostmortemWorkflow.class,
            WorkflowOptions.newBuilder(options).setWorkflowId(workflowId).build());
    WorkflowClient.start(workflow::run, input);
    return workflow;
  }

  /** Polls {@code read} until its value matches; fails after 15 s of real time. */
  static <T> T eventually(Supplier<T> read, Predicate<T> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = read.get();
        if (last != null && condition.test(last)) {
          return last;
        }
      } catch (RuntimeException notYetReadable) {
        // the first workflow task may not have run yet
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return fail("condition not met; last value: %s", last);
  }
}
