package io.incidentresponse.workflows.postmortem;

import io.incidentresponse.workflows.incident.IncidentState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Starts the postmortem of a resolved incident.
 *
 * @param incident the incident's final state, timeline included
 * @param reviewDueAt when the review must have been held
 * @param settings how the review is chased; null (histories before it existed) means defaults
 * @param actionItems the action items so far (empty at the first draft; the document is drafted
 *     again with them when the review is held)
 * @param responseTime the response policy's time to acknowledge for the incident's severity, which
 *     the document measures the acknowledgement against; null when not given (inputs from before it
 *     existed) or when the severity has none (P3 by default), and then the document's own settings
 *     decide; a zero or negative value counts as not given
 * @param availabilityTarget the service profile's availability SLO as a ratio (e.g. {@code 0.999}),
 *     which the document shows beside the error budget burned and estimates it from when the
 *     incident recorded none; null when not given or the service has none, and then the document's
 *     own settings decide; a value outside (0, 1) counts as not given
 * @param carried what a postmortem that follows its action items carries across continue-as-new;
 *     null when it starts from the incident
 */
public record PostmortemInput(
    IncidentState incident,
    Instant reviewDueAt,
    PostmortemSettings settings,
    List<ActionItem> actionItems,
    Duration responseTime,
    Double availabilityTarget,
    FollowThrough carried) {

  public PostmortemInput {
    settings = settings == null ? PostmortemSettings.defaults() : settings;
    actionItems = actionItems == null ? List.of() : List.copyOf(actionItems);
    // Dropped rather than refused: this record is built inside workflows, where a throw would
    // fail the workflow task over and over; the document then falls back to its settings.
    responseTime =
        responseTime == null || responseTime.isNegative() || responseTime.isZero()
            ? null
            : responseTime;
    availabilityTarget =
        availabilityTarget == null || !(availabilityTarget > 0 && availabilityTarget < 1)
            ? null
            : availabilityTarget;
  }

  /** A postmortem that starts from the incident. */
  public PostmortemInput(
      IncidentState incident,
      Instant reviewDueAt,
      PostmortemSettings settings,
      List<ActionItem> actionItems,
      Duration responseTime,
      Double availabilityTarget) {
    this(incident, reviewDueAt, settings, actionItems, responseTime, availabilityTarget, null);
  }

  /** An input without the incident's response time and SLO: the document's settings decide. */
  public PostmortemInput(
      IncidentState incident,
      Instant reviewDueAt,
      PostmortemSettings settings,
      List<ActionItem> actionItems) {
    this(incident, reviewDueAt, settings, actionItems, null, null);
  }

  /** The first draft's input. */
  public PostmortemInput(IncidentState incident, Instant reviewDueAt) {
    this(incident, reviewDueAt, null, null);
  }
}
