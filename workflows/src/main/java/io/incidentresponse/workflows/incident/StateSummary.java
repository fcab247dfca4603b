package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.communication.ChannelRef;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a dashboard polls of an incident: where it stands and what it waits for, without the alerts,
 * the diagnosis and the timeline that make the whole {@link IncidentState} several KB. The {@code
 * summary} query and {@code GET /api/incidents/{id}?view=summary} answer it; both are built by
 * {@link #of} from the state, so they never disagree with it.
 *
 * @param incidentId the workflow id
 * @param title the incident's title
 * @param service the service it is about
 * @param severity P0-P3
 * @param impact the impact classification
 * @param phase where in the lifecycle it is
 * @param security a security incident (private channel, security lead)
 * @param drill opened by a drill, not a real incident
 * @param detectedAt when this system opened it
 * @param acknowledgedAt when a responder took it, or null
 * @param acknowledgedBy who took it, or null
 * @param escalationLevel the level paged now (0: the first responder)
 * @param acknowledgementDueAt when the next escalation is due unless acknowledged, or null
 * @param roles the people in each incident role
 * @param channel the incident's chat channel, or null
 * @param pageUrl where the page opens, or null
 * @param alerts alerts received (kept and counted)
 * @param pendingApprovals mitigations waiting for an approve or reject
 * @param actions mitigations proposed or run so far
 * @param diagnosisRounds diagnoses made so far
 * @param diagnosisPending a diagnosis is running
 * @param nextUpdateAt when the next stakeholder update is due, or null
 * @param mitigatedAt when mitigation took effect, or null
 * @param resolvedAt when it was resolved, or null
 * @param closedAt when it closed, or null
 * @param timelineEntries events on the timeline, omitted ones included (the lines: {@code
 *     /timeline})
 * @param latest the latest timeline line, or null
 */
public record StateSummary(
    String incidentId,
    String title,
    String service,
    Severity severity,
    Impact impact,
    Phase phase,
    boolean security,
    boolean drill,
    Instant detectedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    int escalationLevel,
    Instant acknowledgementDueAt,
    Map<Role, String> roles,
    ChannelRef channel,
    String pageUrl,
    long alerts,
    int pendingApprovals,
    int actions,
    int diagnosisRounds,
    boolean diagnosisPending,
    Instant nextUpdateAt,
    Instant mitigatedAt,
    Instant resolvedAt,
    Instant closedAt,
    long timelineEntries,
    TimelineEntry latest) {

  public StateSummary {
    roles = roles == null ? Map.of() : new TreeMap<>(roles);
  }

  /** The summary of {@code s}; reads it only (a query must not change workflow state). */
  public static StateSummary of(IncidentState s) {
    return new StateSummary(
        s.incidentId,
        s.title,
        s.service,
        s.severity,
        s.impact,
        s.phase,
        s.security,
        s.drill(),
        s.detectedAt,
        s.acknowledgedAt,
        s.acknowledgedBy,
        s.escalationLevel,
        s.acknowledgementDueAt,
        s.roles,
        s.channel,
        s.page == null ? null : s.page.url(),
        s.alerts.size() + s.alertsNotKept,
        s.pendingApprovals().size(),
        s.actions.size(),
        s.diagnosisRounds,
        s.diagnosisPending,
        s.nextUpdateAt,
        s.mitigatedAt,
        s.resolvedAt,
        s.closedAt,
        // past the limit one kept line counts the omitted ones (Timeline): it is not an event
        s.timeline.size() + s.timelineOmitted - (s.timelineOmitted > 0 ? 1 : 0),
        s.timeline.isEmpty() ? null : s.timeline.get(s.timeline.size() - 1));
  }
}
