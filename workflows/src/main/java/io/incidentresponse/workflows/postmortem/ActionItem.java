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
 * @param kind which of the runbook's follow-up actions it is; null on items from before kinds
 * @param link the ticket or pull request (an http(s) URL), or null
 * @param reason why it was dropped (required with {@link ActionItemStatus#WONT_DO}), or null
 * @param runbookSection for a {@link ActionItemKind#RUNBOOK_UPDATE}: the runbook section it changes
 *     (e.g. {@code Mitigation / Database}), or null
 */
public record ActionItem(
    String id,
    String action,
    String owner,
    LocalDate dueDate,
    ActionItemStatus status,
    String updatedBy,
    Instant updatedAt,
    ActionItemKind kind,
    String link,
    String reason,
    String runbookSection) {

  /**
   * Has an owner and a due date: what the review must settle for every item. Not a JSON property:
   * Temporal's mapper would write it and then refuse to read it back.
   */
  @JsonIgnore
  public boolean isAssigned() {
    return owner != null && !owner.isBlank() && dueDate != null;
  }

  /** Done or dropped: nothing more to follow. An item without a status counts as open. */
  @JsonIgnore
  public boolean isFinal() {
    return status != null && status.isFinal();
  }
}
