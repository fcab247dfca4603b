package io.incidentresponse.workflows.oncall;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Finds the hand-offs of its window, then for each tells the outgoing and the incoming person which
 * open incidents the outgoing person holds. A notice that cannot be sent is reported in the result
 * and the log; the others still go out.
 */
public class HandoffReminderWorkflowImpl implements HandoffReminderWorkflow {
  private static final Logger log = Workflow.getLogger(HandoffReminderWorkflowImpl.class);

  /** Set by Temporal on every run a schedule starts. */
  static final SearchAttributeKey<OffsetDateTime> SCHEDULED_START =
      SearchAttributeKey.forOffsetDateTime("TemporalScheduledStartTime");

  private final OnCallActivities roster =
      Workflow.newActivityStub(
          OnCallActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
              .build());
  private final HandoffActivities handoffs =
      Workflow.newActivityStub(HandoffActivities.class, HandoffActivities.OPTIONS);

  @Override
  public HandoffReminderResult remind(HandoffReminderInput input) {
    Instant scheduled = scheduledTime();
    Instant until = scheduled.plus(input.lead());
    Instant after = until.minus(input.interval());
    List<Handoff> due = roster.handoffs(new HandoffQuery(after, until));
    List<String> sent = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Handoff handoff : due) {
      if (handoff.outgoing() == null && handoff.incoming() == null) {
        continue;
      }
      List<OwnedIncident> held =
          handoff.outgoing() == null ? List.of() : handoffs.openIncidentsOf(handoff.outgoing());
      if (handoff.outgoing() != null) {
        send(new HandoffNotice(handoff, handoff.outgoing(), true, held), sent, problems);
      }
      if (handoff.incoming() != null && !samePerson(handoff.outgoing(), handoff.incoming())) {
        send(new HandoffNotice(handoff, handoff.incoming(), false, held), sent, problems);
      }
    }
    return new HandoffReminderResult(after, until, due.size(), sent, problems);
  }

  private void send(HandoffNotice notice, List<String> sent, List<String> problems) {
    String what =
        notice.to().displayName()
            + ": "
            + notice.handoff().rotation()
            + (notice.outgoing() ? " outgoing" : " incoming");
    try {
      handoffs.sendHandoffNotice(notice);
      sent.add(what);
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure) {
        throw e;
      }
      String why =
          e.getCause() instanceof ApplicationFailure app
              ? app.getOriginalMessage()
              : e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
      problems.add(what + ": " + why);
      log.warn("hand-off reminder not sent to {}: {}", what, why);
    }
  }

  private static boolean samePerson(OnCallPerson a, OnCallPerson b) {
    return a != null && b != null && a.id() != null && a.id().equals(b.id());
  }

  /** The run's scheduled time; now (to the second) for a run started by hand. */
  private static Instant scheduledTime() {
    OffsetDateTime scheduled = Workflow.getTypedSearchAttributes().get(SCHEDULED_START);
    return scheduled != null
        ? scheduled.toInstant()
        : Instant.ofEpochMilli(Workflow.currentTimeMillis()).truncatedTo(ChronoUnit.SECONDS);
  }
}
