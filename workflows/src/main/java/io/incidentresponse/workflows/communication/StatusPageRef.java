package io.incidentresponse.workflows.communication;

/** The public status-page incident opened for this incident. */
public record StatusPageRef(String id, String url) {}
