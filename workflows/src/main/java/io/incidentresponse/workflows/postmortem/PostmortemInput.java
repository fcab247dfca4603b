package io.incidentresponse.workflows.postmortem;

import io.incidentresponse.workflows.incident.IncidentState;
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
 */
public record PostmortemInput(
    IncidentState incident,
    Instant reviewDueAt,
    PostmortemSettings settings,
    List<ActionItem> actionItems) {

  public PostmortemInput {
    settings = settings == null ? PostmortemSettings.defaults() : settings;
    actionItems = actionItems == null ? List.of() : List.copyOf(actionItems);
  }

  /** The first draft's input. */
  public PostmortemInput(IncidentState incident, Instant reviewDueAt) {
    this(incident, reviewDueAt, null, null);
  }
}
