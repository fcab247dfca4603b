package io.incidentresponse.workflows.incident;

/**
 * {@code {"by":"alice","note":"all green","falsePositive":false}}. A false positive closes the
 * incident at once, without a postmortem.
 */
public record ResolveRequest(String by, String note, boolean falsePositive)
    implements PersonSignalInput {}
