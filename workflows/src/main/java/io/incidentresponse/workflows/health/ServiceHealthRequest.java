package io.incidentresponse.workflows.health;

/** Check {@code service} in {@code namespace}. */
public record ServiceHealthRequest(String service, String namespace) {}
