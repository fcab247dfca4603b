package io.incidentresponse.workflows.postmortem;

import java.time.LocalDate;

/**
 * Adds an action item ({@code id} null) or updates one ({@code id} set; null fields keep their
 * value). JSON: {@code {"action":"Alert on connection pool saturation","owner":"carol",
 * "dueDate":"2026-12-10","by":"alice"}}.
 *
 * @param id the item to update, or null to add one
 * @param action what will be done (required when adding)
 * @param owner who owns it
 * @param dueDate when it is due
 * @param status new status
 * @param by who asks (required)
 * @param kind which of the runbook's follow-up actions it is
 * @param link the ticket or pull request, an http(s) URL
 * @param reason why it is dropped; required when the status becomes {@code WONT_DO}
 * @param runbookSection the runbook section a {@code RUNBOOK_UPDATE} item changes
 */
public record ActionItemRequest(
    String id,
    String action,
    String owner,
    LocalDate dueDate,
    ActionItemStatus status,
    String by,
    ActionItemKind kind,
    String link,
    String reason,
    String runbookSection) {

  /** A request without kind, link, reason or runbook section (as before they existed). */
  public static ActionItemRequest of(
      String id,
      String action,
      String owner,
      LocalDate dueDate,
      ActionItemStatus status,
      String by) {
    return new ActionItemRequest(id, action, owner, dueDate, status, by, null, null, null, null);
  }

  /**
   * A change the tracker made to an item: its new status and reason, or the link to its ticket.
   *
   * @param tracker the tracker's name, recorded as who asked
   */
  public static ActionItemRequest fromTracker(
      String id, String tracker, ActionItemStatus status, String link, String reason) {
    return new ActionItemRequest(id, null, null, null, status, tracker, null, link, reason, null);
  }
}
