package io.incidentresponse.workflows.diagnosis;

/** The diagnosis probes of the runbook's investigation step; each runs as its own activity. */
public enum DiagnosisProbe {
  /** Pods not Running/Ready, with reasons and restart counts. */
  POD_HEALTH,
  /** Recent Kubernetes events, newest first. */
  KUBERNETES_EVENTS,
  /** Rollout history: what changed in the deployment recently. */
  ROLLOUT_HISTORY,
  /** Node conditions and usage. */
  NODE_HEALTH,
  /** Prometheus: up, request rate, error ratio, p95 latency, each against an hour earlier. */
  SERVICE_METRICS,
  /** Error logs of the last hour, grouped by message. */
  ERROR_LOGS,
  /** Recent deploys and commits (ArgoCD or git). */
  RECENT_CHANGES,
  /** Database connections against the limit, long-running queries. */
  DATABASE_CONNECTIONS,
  /** Commits on the service's repositories and paths in the window; config changes apart. */
  GIT_CHANGES,
  /** The failing pods' own logs (current and previous container), error lines grouped. */
  POD_LOGS,
  /**
   * Each upstream and downstream of the service: error ratio and latency against an hour earlier.
   */
  DEPENDENCIES,
  /** Error traces and the slowest traces of the window, with the span that failed or took time. */
  TRACES
}
