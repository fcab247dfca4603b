package io.incidentresponse.workflows.incident;

import java.time.Duration;
import java.time.Instant;

/**
 * How an incident ended: the workflow's result.
 *
 * @param incidentId the workflow id
 * @param severity final severity
 * @param falsePositive closed as a false positive
 * @param detectedAt when it was opened
 * @param acknowledgedAt when a person took it, or null
 * @param mitigatedAt when mitigation took effect, or null
 * @param resolvedAt when it was resolved
 * @param downtime detection to resolution
 * @param actionsRun mitigations run
 * @param postmortemWorkflowId the postmortem workflow, or null for a false positive
 */
public record IncidentOutcome(
    String incidentId,
    Severity severity,
    boolean falsePositive,
    Instant detectedAt,
    Instant acknowledgedAt,
    Instant mitigatedAt,
    Instant resolvedAt,
    Duration downtime,
    int actionsRun,
    String postmortemWorkflowId) {}
