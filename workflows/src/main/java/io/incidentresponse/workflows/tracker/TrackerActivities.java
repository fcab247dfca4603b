package io.incidentresponse.workflows.tracker;

import io.incidentresponse.workflows.BoundedRetries;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The issue tracker (GitHub Issues or Jira) that postmortem action items are synchronised with,
 * where the worker has one configured. A postmortem asks {@link #setup()} once per run (a local
 * activity, so the answer is in the run's history); with no tracker it calls nothing else and the
 * items are followed as before.
 *
 * <p>Failures: bad credentials ({@link FailureType#INVALID_CREDENTIALS}), a repository, project or
 * ticket that does not exist or is gone ({@link FailureType#NOT_FOUND}, {@link
 * FailureType#BAD_REQUEST}) are final; rate limits ({@link FailureType#RATE_LIMITED}, after the
 * tracker's Retry-After), 5xx, timeouts and network errors ({@link FailureType#UNAVAILABLE}) are
 * retried within {@link #OPTIONS}, then reported on the postmortem's events.
 */
@ActivityInterface
public interface TrackerActivities {

  /** Local, quick, one attempt: a worker that cannot answer is taken to have no tracker. */
  LocalActivityOptions SETUP_OPTIONS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(2))
          .setScheduleToCloseTimeout(Duration.ofSeconds(5))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  /**
   * Each call within a minute (a lookup may page through recent issues), retried for at most 15
   * minutes: a tracker that stays down is reported and tried again at the next poll, and never
   * holds an item or a reminder back.
   */
  ActivityOptions OPTIONS = BoundedRetries.within(Duration.ofMinutes(1), Duration.ofMinutes(15));

  /** Which tracker this worker has, and how often its tickets are read back. Never fails. */
  TrackerSetup setup();

  /**
   * Opens the ticket of one action item, once: the ticket carries a marker with the incident and
   * item ids, and the tracker is searched for it before anything is created, so an attempt retried
   * after a lost answer or a worker crash finds the ticket made the first time instead of making a
   * second one.
   */
  TrackerTicket openTicket(TicketRequest request);

  /**
   * Reads where a ticket stands: closed as done, closed as not done (GitHub {@code not_planned} or
   * {@code duplicate}; a Jira resolution such as {@code Won't Do}), or still open. Read-only.
   */
  TicketState readTicket(TrackerTicket ticket);
}
