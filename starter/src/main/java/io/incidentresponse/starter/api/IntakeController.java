package io.incidentresponse.starter.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.starter.incident.DeliveryIntakeActivitiesImpl.Progress;
import io.incidentresponse.starter.incident.IncidentKeys;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.security.AccessGuard;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.workflows.intake.AlertGroup;
import io.incidentresponse.workflows.intake.DeliveryIntakeInput;
import io.incidentresponse.workflows.intake.GroupOutcome;
import io.swagger.v3.oas.annotations.Operation;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where a queued delivery stands ({@code GET /api/intake/{id}}, the {@code intakeId} of its 202):
 * how many of its groups reached their incidents, and which did not yet, since when and why. Read
 * from Temporal (one describe and the intake's history), so any starter answers for any intake.
 */
@RestController
@RequestMapping(path = "/api/intake", produces = MediaType.APPLICATION_JSON_VALUE)
public class IntakeController {
  private static final Type OUTCOMES =
      new ParameterizedTypeReference<List<GroupOutcome>>() {}.getType();

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final AccessGuard guard;

  public IntakeController(WorkflowClient client, TemporalCalls calls, AccessGuard guard) {
    this.client = client;
    this.calls = calls;
    this.guard = guard;
  }

  /**
   * A queued delivery's standing.
   *
   * @param status the intake's status: running, completed (every group settled), or another
   *     Temporal status (terminated by an operator...)
   * @param groups its alert groups (one per incident)
   * @param delivered groups that reached their incident (or a maintenance that held them)
   * @param attempt the delivery attempt now running (retried with backoff while a group fails)
   * @param lastFailure why the last attempt failed, or null
   * @param pending groups not delivered yet, or refused for good by Temporal
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IntakeStanding(
      String intakeId,
      String status,
      int groups,
      int delivered,
      Integer attempt,
      String lastFailure,
      List<PendingGroup> pending) {}

  /**
   * A group not delivered: still retried ({@code failingSince} set once an attempt failed on it),
   * or, with {@code undeliverable}, refused by Temporal for good.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PendingGroup(
      String key, String incidentId, int alerts, Instant failingSince, String undeliverable) {}

  @Operation(summary = "Where a queued delivery (its intakeId) stands: groups delivered, pending")
  @GetMapping("/{id}")
  public IntakeStanding show(@PathVariable String id) {
    guard.reader();
    String intakeId = IncidentController.checkedId(id);
    DescribeWorkflowExecutionResponse described;
    try {
      described = calls.describe(intakeId, null);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
      throw new BadInputException(HttpStatus.NOT_FOUND, "id", "no intake " + intakeId);
    }
    List<HistoryEvent> events = calls.call(() -> client.fetchHistory(intakeId).getEvents());
    DataConverter converter = client.getOptions().getDataConverter();
    DeliveryIntakeInput input =
        converter.fromPayloads(
            0,
            Optional.of(events.get(0).getWorkflowExecutionStartedEventAttributes().getInput()),
            DeliveryIntakeInput.class,
            DeliveryIntakeInput.class);
    List<AlertGroup> groups = input.groups();
    WorkflowExecutionStatus status = described.getWorkflowExecutionInfo().getStatus();
    GroupOutcome[] outcomes = new GroupOutcome[groups.size()];
    Instant[] failingSince = new Instant[groups.size()];
    Integer attempt = null;
    String lastFailure = null;
    HistoryEvent last = events.get(events.size() - 1);
    if (last.hasWorkflowExecutionCompletedEventAttributes()) {
      Progress.into(
          result(converter, last.getWorkflowExecutionCompletedEventAttributes().getResult()),
          outcomes);
    } else if (described.getPendingActivitiesCount() > 0) {
      PendingActivityInfo activity = described.getPendingActivities(0);
      attempt = activity.getAttempt();
      lastFailure = activity.hasLastFailure() ? activity.getLastFailure().getMessage() : null;
      if (activity.hasHeartbeatDetails()) {
        Progress progress =
            converter.fromPayloads(
                0, Optional.of(activity.getHeartbeatDetails()), Progress.class, Progress.class);
        Progress.into(progress.outcomes(), outcomes);
        Progress.into(progress.failingSince(), failingSince);
      }
    }
    int delivered = 0;
    List<PendingGroup> pending = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      GroupOutcome outcome = outcomes[i];
      if (outcome != null && outcome.undeliverable() == null) {
        delivered++;
        continue;
      }
      AlertGroup group = groups.get(i);
      pending.add(
          new PendingGroup(
              group.key(),
              IncidentKeys.workflowId(group.key()),
              group.alerts().size(),
              failingSince[i],
              outcome == null ? null : outcome.undeliverable()));
    }
    return new IntakeStanding(
        intakeId,
        status.name().substring("WORKFLOW_EXECUTION_STATUS_".length()).toLowerCase(Locale.ROOT),
        groups.size(),
        delivered,
        attempt,
        lastFailure,
        pending);
  }

  @SuppressWarnings("unchecked")
  private static List<GroupOutcome> result(DataConverter converter, Payloads result) {
    return (List<GroupOutcome>)
        converter.fromPayloads(0, Optional.of(result), List.class, OUTCOMES);
  }
}
