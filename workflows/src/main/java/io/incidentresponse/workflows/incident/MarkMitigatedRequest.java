package io.incidentresponse.workflows.incident;

/** {@code {"by":"alice","note":"rolled back by hand"}}: start the monitoring window. */
public record MarkMitigatedRequest(String by, String note) implements PersonSignalInput {}
