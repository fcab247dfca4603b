package io.incidentresponse.workflows.partner;

/** The shape of a provider's public status feed. */
public enum FeedFormat {
  /**
   * Atlassian Statuspage's JSON ({@code /api/v2/incidents/unresolved.json} or {@code
   * incidents.json}): incidents with id, status, updated_at, components and updates.
   */
  STATUSPAGE,
  /** An Atom feed: one entry per incident update (id, title, updated, link, summary/content). */
  ATOM,
  /** An RSS 2.0 feed: one item per incident (guid, title, pubDate, link, description). */
  RSS
}
