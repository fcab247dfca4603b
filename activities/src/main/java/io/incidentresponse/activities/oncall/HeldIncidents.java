package io.incidentresponse.activities.oncall;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.Role;
import io.incidentresponse.workflows.oncall.HandoffActivities;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.incidentresponse.workflows.oncall.OwnedIncident;
import io.temporal.activity.Activity;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open incidents a person holds, read from Temporal: the running incidents (visibility, at most
 * {@value #MAX_SCANNED}) and each one's {@code state} query. A person holds an incident where they
 * have a role on it, acknowledged it, or were paged for it while nobody has acknowledged it; names
 * match a roster person by id, name, e-mail or Slack id, ignoring case. An incident that ended
 * between the list and its query is skipped; one that does not answer is skipped and logged.
 */
public final class HeldIncidents {
  private static final Logger log = LoggerFactory.getLogger(HeldIncidents.class);

  /** The most running incidents one look reads. */
  static final int MAX_SCANNED = 500;

  private static final String RUNNING_INCIDENTS =
      "WorkflowType = 'Incident' AND ExecutionStatus = 'Running'";

  private final WorkflowClient client;
  private final Supplier<List<String>> runningIncidents;

  public HeldIncidents(WorkflowClient client) {
    this.client = client;
    this.runningIncidents = this::listRunningIncidents;
  }

  /**
   * With the running incidents' ids from {@code runningIncidents} instead of visibility (Temporal's
   * in-process test server has no visibility API).
   */
  HeldIncidents(WorkflowClient client, Supplier<List<String>> runningIncidents) {
    this.client = client;
    this.runningIncidents = runningIncidents;
  }

  /** See {@link HandoffActivities#openIncidentsOf}. */
  public List<OwnedIncident> of(OnCallPerson person) {
    List<String> names = names(person);
    if (names.isEmpty()) {
      return List.of();
    }
    List<String> ids = runningIncidents.get();
    List<IncidentState> held = new ArrayList<>();
    for (String id : ids) {
      heartbeat();
      IncidentState state = state(id);
      if (state != null
          && state.phase != null
          && !state.phase.isOver()
          && !holds(state, names).isEmpty()) {
        held.add(state);
      }
    }
    return held.stream()
        .sorted(
            Comparator.comparing(
                (IncidentState s) -> s.detectedAt, Comparator.nullsLast(Comparator.naturalOrder())))
        .limit(HandoffActivities.MAX_INCIDENTS)
        .map(
            s ->
                new OwnedIncident(
                    s.incidentId,
                    s.title,
                    s.service,
                    s.severity,
                    s.phase,
                    s.channel == null ? null : s.channel.name(),
                    holds(s, names)))
        .toList();
  }

  private List<String> listRunningIncidents() {
    try {
      return client
          .listExecutions(RUNNING_INCIDENTS)
          .limit(MAX_SCANNED)
          .map(WorkflowExecutionMetadata::getExecution)
          .map(WorkflowExecution::getWorkflowId)
          .distinct()
          .toList();
    } catch (RuntimeException e) {
      throw ApplicationFailure.newFailure(
          "could not list the running incidents: " + e.getMessage(),
          FailureType.UNAVAILABLE.type());
    }
  }

  private IncidentState state(String incidentId) {
    try {
      return client.newWorkflowStub(IncidentWorkflow.class, incidentId).state();
    } catch (WorkflowNotFoundException e) {
      return null;
    } catch (RuntimeException e) {
      log.warn("incident {} did not answer its state query: {}", incidentId, e.getMessage());
      return null;
    }
  }

  /** What the person is on the incident, in a fixed order. */
  static List<String> holds(IncidentState state, List<String> names) {
    List<String> holds = new ArrayList<>();
    for (Map.Entry<Role, String> role : state.roles.entrySet()) {
      if (matches(role.getValue(), names)) {
        holds.add(role.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '));
      }
    }
    if (matches(state.acknowledgedBy, names)) {
      holds.add("acknowledged");
    }
    if (state.acknowledgedAt == null
        && state.pages.stream().anyMatch(page -> matches(page.person(), names))) {
      holds.add("paged");
    }
    return holds;
  }

  static boolean matches(String who, List<String> names) {
    return who != null && names.contains(who.trim().toLowerCase(Locale.ROOT));
  }

  static List<String> names(OnCallPerson person) {
    if (person == null) {
      return List.of();
    }
    return Stream.of(person.id(), person.name(), person.email(), person.slackUserId())
        .filter(Objects::nonNull)
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }

  private static void heartbeat() {
    try {
      Activity.getExecutionContext().heartbeat(null);
    } catch (IllegalStateException notInAnActivity) {
      // called outside an activity (tests): nothing to heartbeat
    }
  }
}
