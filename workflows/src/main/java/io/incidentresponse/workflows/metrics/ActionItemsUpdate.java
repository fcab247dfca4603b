package io.incidentresponse.workflows.metrics;

import io.incidentresponse.workflows.postmortem.ActionItem;
import java.time.Instant;
import java.util.List;

/**
 * The postmortem's action items as they stand, for the history store (the monthly report's
 * "improvements made" are the items done in the month).
 *
 * @param incidentId the incident
 * @param detectedAt its detection time (with the id, the store's key)
 * @param items every item, replacing what the store had
 */
public record ActionItemsUpdate(String incidentId, Instant detectedAt, List<ActionItem> items) {
  public ActionItemsUpdate {
    items = items == null ? List.of() : List.copyOf(items);
  }
}
