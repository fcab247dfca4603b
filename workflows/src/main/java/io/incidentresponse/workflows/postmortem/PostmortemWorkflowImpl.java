package io.incidentresponse.workflows.postmortem;

import io.incidentresponse.workflows.activities.Failures;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/** See {@link PostmortemWorkflow}. */
public class PostmortemWorkflowImpl implements PostmortemWorkflow {
  private static final Logger log = Workflow.getLogger(PostmortemWorkflowImpl.class);

  private final PostmortemActivities activities =
      Workflow.newActivityStub(
          PostmortemActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setMaximumInterval(Duration.ofMinutes(10))
                      .build())
              .build());

  private String incidentId;
  private PostmortemDocument document;
  private String draftError;
  private Instant reviewDueAt;
  private Instant reviewHeldAt;
  private boolean overdueReminderSent;

  @Override
  public PostmortemStatus run(PostmortemInput input) {
    incidentId = input.incident().incidentId;
    reviewDueAt = input.reviewDueAt();
    // Retried until it succeeds or fails for good (not configured, bad request): then the review
    // is still chased, and the status says why there is no document.
    try {
      document = activities.draftPostmortem(input);
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      draftError = Failures.describe(e);
      log.warn("postmortem draft for {} failed: {}", incidentId, draftError);
    }
    long untilDue = reviewDueAt.toEpochMilli() - Workflow.currentTimeMillis();
    boolean held =
        untilDue > 0 && Workflow.await(Duration.ofMillis(untilDue), () -> reviewHeldAt != null);
    if (!held && reviewHeldAt == null) {
      overdueReminderSent = true;
      try {
        activities.remindOverdueReview(status());
      } catch (ActivityFailure e) {
        Failures.rethrowIfCanceled(e);
        log.warn("overdue reminder for {} failed: {}", incidentId, e.getMessage());
      }
      Workflow.await(() -> reviewHeldAt != null);
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    return status();
  }

  @Override
  public void markReviewHeld(ReviewHeldRequest request) {
    if (reviewHeldAt == null) {
      reviewHeldAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }
  }

  @Override
  public PostmortemStatus status() {
    return new PostmortemStatus(
        incidentId, document, draftError, reviewDueAt, reviewHeldAt, overdueReminderSent);
  }
}
