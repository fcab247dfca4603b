package io.incidentresponse.workflows.incident;

/** {@code {"actionId":"rollback-1","approver":"alice","reason":"deploy was fine"}}. */
public record RejectRequest(String actionId, String approver, String reason)
    implements PersonSignalInput {}
