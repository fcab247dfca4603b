package io.incidentresponse.workflows.metrics;

import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One incident as the history store keeps it: written at every phase change, upserted by {@link
 * #incidentId()} plus {@link #detectedAt()} (a workflow id is reused by the next incident with the
 * same grouping key, so the detection time tells them apart). Null times are not reached yet.
 *
 * @param incidentId the incident workflow id (its grouping key)
 * @param title the title
 * @param service the affected service
 * @param namespace where it runs
 * @param severity P0..P3, the latest
 * @param impact user impact
 * @param incidentType what kind of incident, for the "top incident types" (the first alert's {@code
 *     alertname}, or {@code declared})
 * @param phase the phase now
 * @param firstAlertAt the earliest {@code startsAt} of its alerts (MTTD starts here)
 * @param detectedAt when the incident opened (MTTD ends, MTTA and MTTR start)
 * @param acknowledgedAt when a person acknowledged (MTTA ends)
 * @param responseTime the response time its severity had (SLO: acknowledged within it); for a
 *     severity without one (P3), the time from detection to the next business day's start
 * @param mitigatedAt when monitoring of the mitigation began (the latest time, after a regression)
 * @param restoredAt when service was restored: the recovery was verified, the alerts resolved at
 *     their source (their end time) or a person marked it mitigated; null while it is not, and for
 *     incidents recorded before this was kept (then {@code resolvedAt} stands in). Downtime and
 *     MTTR end here
 * @param resolvedAt when it was resolved, after the clean monitoring window (time to resolve ends)
 * @param closedAt when it was closed
 * @param falsePositive closed as a false positive (left out of the metrics)
 * @param alertCount alerts that joined it
 * @param actionsRun mitigations run
 * @param actions the mitigations, one line each (e.g. {@code rollback-1 rollback shop/checkout:
 *     SUCCEEDED})
 * @param reopenCount regressions
 * @param usersAffected users affected when known, else null
 * @param postmortemLink where the postmortem is, once drafted
 * @param updatedAt when this summary was written (workflow time)
 * @param drill a drill's incident: left out of every real figure (counts, MTTD, MTTA, MTTR, MTBF,
 *     SLO compliance) and scored in the report's Drills section instead
 */
public record IncidentSummary(
    String incidentId,
    String title,
    String service,
    String namespace,
    Severity severity,
    Impact impact,
    String incidentType,
    Phase phase,
    Instant firstAlertAt,
    Instant detectedAt,
    Instant acknowledgedAt,
    Duration responseTime,
    Instant mitigatedAt,
    Instant restoredAt,
    Instant resolvedAt,
    Instant closedAt,
    boolean falsePositive,
    long alertCount,
    int actionsRun,
    List<String> actions,
    int reopenCount,
    Long usersAffected,
    String postmortemLink,
    Instant updatedAt,
    boolean drill) {

  public IncidentSummary {
    actions = actions == null ? List.of() : List.copyOf(actions);
  }
}
