package io.incidentresponse.workflows.postmortem;

import java.time.Instant;
import java.util.List;

/**
 * The postmortem review meeting, posted with an iCalendar (.ics) invitation.
 *
 * @param incidentId the incident
 * @param title the incident's title
 * @param channelId Slack channel to post in (the incident channel), or null for the alerts channel
 * @param startsAt when the review starts (inside the review window, on a business day)
 * @param endsAt when it ends
 * @param facilitator who runs it
 * @param attendees who is invited (commander, responders, approvers)
 * @param documentLocation where the draft is, or null when drafting failed
 * @param reviewId the postmortem workflow's id: unique per incident occurrence (incident ids are
 *     grouping keys and repeat), so the invitation's calendar UID is built from it
 */
public record ReviewInvitation(
    String incidentId,
    String title,
    String channelId,
    Instant startsAt,
    Instant endsAt,
    String facilitator,
    List<String> attendees,
    String documentLocation,
    String reviewId) {}
