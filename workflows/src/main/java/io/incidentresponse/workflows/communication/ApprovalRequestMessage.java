package io.incidentresponse.workflows.communication;

import io.incidentresponse.workflows.mitigation.MitigationAction;

/**
 * Asks people to approve an action, telling them exactly how.
 *
 * @param brief which incident
 * @param action the action that waits
 * @param signalName the signal to send ({@code approve})
 * @param signalJson the JSON input to send with it, approver left to fill in
 * @param rejectJson the JSON input of the {@code reject} signal
 */
public record ApprovalRequestMessage(
    IncidentBrief brief,
    MitigationAction action,
    String signalName,
    String signalJson,
    String rejectJson) {}
