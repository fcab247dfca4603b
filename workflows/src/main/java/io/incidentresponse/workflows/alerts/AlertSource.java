package io.incidentresponse.workflows.alerts;

/** The system an alert came from. */
public enum AlertSource {
  ALERTMANAGER,
  GRAFANA,
  PAGERDUTY,
  /** Declared by a person through the REST API or the CLI. */
  MANUAL
}
