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
 */
public record ActionItemRequest(
    String id,
    String action,
    String owner,
    LocalDate dueDate,
    ActionItemStatus status,
    String by) {}
