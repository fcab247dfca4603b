package io.incidentresponse.workflows.incident;

/** {@code {"severity":"P0","by":"alice","reason":"payments failing"}}. */
public record SetSeverityRequest(Severity severity, String by, String reason)
    implements PersonSignalInput {}
