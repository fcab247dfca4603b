package io.incidentresponse.workflows.incident;

/** {@code {"actionId":"rollback-1","approver":"alice","comment":"go"}}. */
public record ApproveRequest(String actionId, String approver, String comment)
    implements PersonSignalInput {}
