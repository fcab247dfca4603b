package io.incidentresponse.workflows.communication;

import io.temporal.activity.ActivityInterface;

/**
 * The paging system (PagerDuty). The workflow owns escalation: it pages level 0 when the incident
 * opens (when the policy pages its severity at once; P3 only when its response time passes) and
 * moves up a level each time the response time passes without an acknowledgement. A request's
 * {@link PageRequest#urgency()} says whether the page wakes people (HIGH) or not (LOW).
 *
 * <p>Every method is idempotent for the same incident and level: a retry after a crash finds the
 * page it made instead of making another. Bad credentials fail with the non-retryable {@link
 * FailureType#INVALID_CREDENTIALS}; rate limits with a retryable {@link FailureType#RATE_LIMITED}
 * carrying the server's delay.
 */
@ActivityInterface
public interface PagingActivities {

  /**
   * Makes sure a page exists for this incident at level 0: annotates the page it came from (a
   * PagerDuty alert) with a link to the incident, or triggers one.
   */
  PageRef openPage(PageRequest request);

  /**
   * Pages the next escalation level ({@link PageRequest#level()}), at the person the roster
   * resolved ({@link PageRequest#person()}) when there is one. Answers the page with {@link
   * PageRef#via()} saying how it reached them.
   */
  PageRef escalatePage(PageRequest request);

  /** Tells the paging system a person acknowledged, so it stops its own escalation. */
  void acknowledgePage(PageRequest request);

  /** Resolves the page when the incident is resolved. */
  void resolvePage(PageRequest request);
}
