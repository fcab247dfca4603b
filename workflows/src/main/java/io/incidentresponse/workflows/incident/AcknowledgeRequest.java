package io.incidentresponse.workflows.incident;

/** {@code {"by":"alice","note":"looking"}}: the responder takes the incident. */
public record AcknowledgeRequest(String by, String note) implements PersonSignalInput {}
