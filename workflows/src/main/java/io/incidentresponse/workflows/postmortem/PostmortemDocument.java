package io.incidentresponse.workflows.postmortem;

/**
 * A published postmortem draft.
 *
 * @param location where it was published (a file path or URL)
 */
public record PostmortemDocument(String location) {}
