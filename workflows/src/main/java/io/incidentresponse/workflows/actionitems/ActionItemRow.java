package io.incidentresponse.workflows.actionitems;

import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One action item in a listing across incidents, with what identifies its incident. JSON: {@code
 * {"incidentId":"incident-checkout-...","service":"checkout","title":"checkout degraded",
 * "itemId":"AI-2","action":"Alert on pool saturation","kind":"MONITORING","owner":"carol",
 * "dueDate":"2026-12-10","status":"OPEN","overdue":false,...}}.
 *
 * @param incidentId the incident's workflow id
 * @param detectedAt when that incident opened (the id is reused by later incidents of the key)
 * @param service the incident's service, or null when its summary is not stored (yet)
 * @param title the incident's title, or null as {@code service}
 * @param itemId the item's id in its postmortem, e.g. {@code AI-2}
 * @param action what will be done
 * @param kind which of the runbook's follow-up actions it is, or null
 * @param owner who owns it, or null
 * @param dueDate when it is due, or null
 * @param status where it stands
 * @param overdue neither done nor dropped and due before the store's today
 * @param link the ticket or pull request, or null
 * @param runbookSection the runbook section a {@code RUNBOOK_UPDATE} changes, or null
 * @param reason why it was dropped, or null
 * @param updatedBy who changed it last
 * @param updatedAt when
 */
public record ActionItemRow(
    String incidentId,
    Instant detectedAt,
    String service,
    String title,
    String itemId,
    String action,
    ActionItemKind kind,
    String owner,
    LocalDate dueDate,
    ActionItemStatus status,
    boolean overdue,
    String link,
    String runbookSection,
    String reason,
    String updatedBy,
    Instant updatedAt) {}
