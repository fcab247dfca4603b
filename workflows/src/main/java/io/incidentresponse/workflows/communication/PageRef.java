package io.incidentresponse.workflows.communication;

/** The page (PagerDuty incident) that calls responders for this incident. */
public record PageRef(String id, String url) {}
