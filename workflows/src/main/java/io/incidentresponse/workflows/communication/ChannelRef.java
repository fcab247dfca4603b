package io.incidentresponse.workflows.communication;

/** The incident's chat channel. */
public record ChannelRef(String id, String name, String url) {}
