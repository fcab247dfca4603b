package io.incidentresponse.workflows.model;

/** The incident's chat channel. */
public record ChannelRef(String id, String name, String url) {}
