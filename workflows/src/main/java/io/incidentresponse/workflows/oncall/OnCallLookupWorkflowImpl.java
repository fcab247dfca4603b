package io.incidentresponse.workflows.oncall;

import io.incidentresponse.workflows.PersonWaiting;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/** See {@link OnCallLookupWorkflow}. */
public class OnCallLookupWorkflowImpl implements OnCallLookupWorkflow {
  /**
   * A person is waiting: a calendar read is bounded by the roster's own timeout (10 s by default),
   * so two short attempts and then the answer or the failure.
   */
  static final ActivityOptions OPTIONS =
      PersonWaiting.twoAttempts(Duration.ofSeconds(15), Duration.ofSeconds(40));

  private final OnCallActivities roster = Workflow.newActivityStub(OnCallActivities.class, OPTIONS);

  @Override
  public OnCallAnswer run(OnCallQuery query) {
    Instant at =
        query == null || query.at() == null
            ? Instant.ofEpochMilli(Workflow.currentTimeMillis())
            : query.at();
    String team = query == null ? null : query.team();
    OnCallAnswer answer = roster.whoIsOnCall(new OnCallQuery(team, at));
    if (team != null && answer.shifts().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          answer.problems().isEmpty()
              ? "no team " + team + " in the roster"
              : answer.problems().get(0),
          FailureType.NOT_FOUND.type());
    }
    return answer;
  }
}
