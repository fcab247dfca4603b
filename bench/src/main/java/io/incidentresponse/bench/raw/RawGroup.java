package io.incidentresponse.bench.raw;

/**
 * One incident key's part of a queued raw delivery.
 *
 * @param workflowId the raw workflow the group goes to (signal-with-start)
 * @param body what is signalled to it
 */
public record RawGroup(String workflowId, String body) {}
