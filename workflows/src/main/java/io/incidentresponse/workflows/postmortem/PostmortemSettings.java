package io.incidentresponse.workflows.postmortem;

import java.time.Duration;
import java.util.List;

/**
 * How the postmortem is chased. Every field is optional; null takes the runbook's default.
 *
 * @param reviewWithin the review is due this long after resolution; default 7 days
 * @param reviewLength length of the review meeting in the invitation; default 1 hour
 * @param remindAfter reminders this long after resolution while the review has not been held;
 *     default day 3 and day 6
 * @param escalateAfter the overdue review goes to the team lead this long after resolution; default
 *     8 days
 * @param teamLead who hears about an overdue review (a Slack user id or a name); may be null
 * @param facilitator who runs the review (named in the invitation); default the incident commander
 * @param zone time zone of the review meeting (business hours, Monday to Friday); default UTC; also
 *     the zone of action items' due dates (an item is due at the end of its due date there)
 * @param remindItemsBefore after the review, an item's owner is reminded this long before the
 *     item's due date (at 09:00 in {@code zone}); default 2 days
 * @param remindOverdueEvery an overdue item goes to the team lead (or the facilitator) the morning
 *     after its due date, then again this often while it stays overdue; default 7 days
 * @param continueAsNewAfterEvents history length at which a postmortem that follows its items
 *     continues as new (items are followed for months); default 2000, at least 50
 */
public record PostmortemSettings(
    Duration reviewWithin,
    Duration reviewLength,
    List<Duration> remindAfter,
    Duration escalateAfter,
    String teamLead,
    String facilitator,
    String zone,
    Duration remindItemsBefore,
    Duration remindOverdueEvery,
    Integer continueAsNewAfterEvents) {

  static final int MIN_EVENTS_BEFORE_CONTINUE = 50;

  public PostmortemSettings {
    reviewWithin = reviewWithin == null ? Duration.ofDays(7) : reviewWithin;
    reviewLength = reviewLength == null ? Duration.ofHours(1) : reviewLength;
    remindAfter =
        remindAfter == null
            ? List.of(Duration.ofDays(3), Duration.ofDays(6))
            : List.copyOf(remindAfter);
    escalateAfter = escalateAfter == null ? Duration.ofDays(8) : escalateAfter;
    zone = zone == null || zone.isBlank() ? "UTC" : zone;
    remindItemsBefore =
        remindItemsBefore == null || remindItemsBefore.isNegative()
            ? Duration.ofDays(2)
            : remindItemsBefore;
    // A zero or negative interval would remind on every wake-up: the default instead.
    remindOverdueEvery =
        remindOverdueEvery == null || remindOverdueEvery.compareTo(Duration.ofHours(1)) < 0
            ? Duration.ofDays(7)
            : remindOverdueEvery;
    continueAsNewAfterEvents =
        continueAsNewAfterEvents == null
            ? 2000
            : Math.max(MIN_EVENTS_BEFORE_CONTINUE, continueAsNewAfterEvents);
  }

  public static PostmortemSettings defaults() {
    return new PostmortemSettings(null, null, null, null, null, null, null, null, null, null);
  }
}
