package io.incidentresponse.workflows.postmortem;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One row of the postmortem's Action Items table (Action, Owner, Due Date, Status).
 *
 * @param id short id, e.g. {@code AI-1}, assigned by the postmortem workflow
 * @param action what will be done
 * @param owner who owns it; null until someone takes it
 * @param dueDate when it is due; null until agreed
 * @param status where it stands
 * @param updatedBy who last changed it
 * @param updatedAt when
 */
public record ActionItem(
    String id,
    String action,
    String owner,
    LocalDate dueDate,
    ActionItemStatus status,
    String updatedBy,
    Instant updatedAt) {

  /**
   * Has an owner and a due date: what the review must settle for every item. Not a JSON property:
   * Temporal's mapper would write it and then refuse to read it back.
   */
  @JsonIgnore
  public boolean isAssigned() {
    return owner != null && !owner.isBlank() && dueDate != null;
  }
}
