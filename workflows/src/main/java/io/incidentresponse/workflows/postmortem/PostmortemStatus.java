package io.incidentresponse.workflows.postmortem;

import java.time.Instant;

/**
 * Where a postmortem stands.
 *
 * @param incidentId the incident
 * @param document the published draft, or null until drafted
 * @param draftError why drafting failed for good, or null
 * @param reviewDueAt when the review is due
 * @param reviewHeldAt when it was held, or null
 * @param overdueReminderSent the review passed its due date and the team lead was reminded
 */
public record PostmortemStatus(
    String incidentId,
    PostmortemDocument document,
    String draftError,
    Instant reviewDueAt,
    Instant reviewHeldAt,
    boolean overdueReminderSent) {}
