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
 * @param zone time zone of the review meeting (business hours, Monday to Friday); default UTC
 */
public record PostmortemSettings(
    Duration reviewWithin,
    Duration reviewLength,
    List<Duration> remindAfter,
    Duration escalateAfter,
    String teamLead,
    String facilitator,
    String zone) {

  public PostmortemSettings {
    reviewWithin = reviewWithin == null ? Duration.ofDays(7) : reviewWithin;
    reviewLength = reviewLength == null ? Duration.ofHours(1) : reviewLength;
    remindAfter =
        remindAfter == null
            ? List.of(Duration.ofDays(3), Duration.ofDays(6))
            : List.copyOf(remindAfter);
    escalateAfter = escalateAfter == null ? Duration.ofDays(8) : escalateAfter;
    zone = zone == null || zone.isBlank() ? "UTC" : zone;
  }

  public static PostmortemSettings defaults() {
    return new PostmortemSettings(null, null, null, null, null, null, null);
  }
}
