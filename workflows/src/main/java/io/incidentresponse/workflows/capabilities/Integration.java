package io.incidentresponse.workflows.capabilities;

/**
 * An outside system the incident workflow calls that a worker may not have settings for. Each names
 * itself as the worker's "not configured" implementations do, so the timeline reads the same
 * whether the workflow skipped the call or the call failed.
 */
public enum Integration {
  /** Opening, escalating, acknowledging and resolving pages (PagerDuty, or Slack DM / e-mail). */
  PAGING("paging (PagerDuty)"),
  /** The incident channel, alerts-channel posts, updates, leadership notices (Slack). */
  CHAT("chat (Slack)"),
  /** The public status page (Atlassian Statuspage or a webhook). */
  STATUS_PAGE("status page"),
  /** Stakeholder e-mail for P0/P1. */
  STAKEHOLDER_EMAIL("stakeholder e-mail"),
  /** Users affected at closure from a PromQL query. */
  IMPACT_QUERY("users affected query (incident.prometheus.url)"),
  /** Recovery checks: health endpoint, pods ready, Prometheus. */
  RECOVERY_CHECKS("recovery verification (no health URL, Kubernetes or Prometheus)"),
  /** The on-call roster: who each escalation level means, emergency contacts. */
  ROSTER("on-call roster");

  private final String label;

  Integration(String label) {
    this.label = label;
  }

  /** How the timeline names it, e.g. {@code chat (Slack)}. */
  public String label() {
    return label;
  }
}
