package io.incidentresponse.workflows.alerts;

/**
 * The system an alert came from. Values are only ever added: a recorded history names them, and a
 * worker must know every value its starters send (deploy workers before starters).
 */
public enum AlertSource {
  ALERTMANAGER,
  GRAFANA,
  PAGERDUTY,
  /** Declared by a person through the REST API, the CLI or Slack's {@code /incident} command. */
  MANUAL,
  /** A Datadog monitor through the Webhooks integration. */
  DATADOG,
  /** A Sentry issue or metric alert through an internal integration. */
  SENTRY,
  /** A configured generic JSON webhook ({@code /webhooks/generic/{source}}). */
  GENERIC,
  /** A synthetic user journey run on a Temporal Schedule that keeps failing. */
  SYNTHETIC,
  /** A cloud or CDN provider's incident from its public status feed (opened only if configured). */
  PARTNER,
  /** A New Relic alert issue through a workflow's webhook destination. */
  NEW_RELIC,
  /**
   * A Kibana alerting rule (Elasticsearch query, threshold, APM, ML anomaly) through its webhook
   * connector.
   */
  ELASTIC
}
