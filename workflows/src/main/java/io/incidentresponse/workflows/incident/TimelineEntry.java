package io.incidentresponse.workflows.incident;

import java.time.Instant;

/**
 * One line of the incident timeline: the source of the postmortem and of the metrics.
 *
 * @param at workflow time of the event
 * @param actor who did it: a person's name, {@code system} or {@code policy}
 * @param event what happened
 * @param actionTaken what was done about it (may be empty)
 */
public record TimelineEntry(Instant at, String actor, String event, String actionTaken) {
  public static final String SYSTEM = "system";
  public static final String POLICY = "policy";
}
