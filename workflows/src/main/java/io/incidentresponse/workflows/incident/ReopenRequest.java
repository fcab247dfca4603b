package io.incidentresponse.workflows.incident;

/** {@code {"by":"alice","reason":"errors back"}}: back from monitoring to mitigation. */
public record ReopenRequest(String by, String reason) implements PersonSignalInput {}
