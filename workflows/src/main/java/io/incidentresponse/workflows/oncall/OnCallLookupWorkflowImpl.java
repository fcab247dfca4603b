package io.incidentresponse.workflows.oncall;

import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
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
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setScheduleToCloseTimeout(Duration.ofSeconds(40))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(2)
                  .setInitialInterval(Duration.ofSeconds(1))
                  .build())
          .build();

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
