package io.incidentresponse.workflows.tracker;

/**
 * A ticket in the issue tracker.
 *
 * @param key the tracker's key: the issue number in GitHub ({@code 42}), the issue key in Jira
 *     ({@code OPS-12})
 * @param url where a person opens it
 */
public record TrackerTicket(String key, String url) {}
