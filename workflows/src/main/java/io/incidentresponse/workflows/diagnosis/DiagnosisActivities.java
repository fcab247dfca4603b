package io.incidentresponse.workflows.diagnosis;

import io.temporal.activity.ActivityInterface;

/**
 * The investigation probes. Each looks, never changes anything, and answers with a {@link Finding}
 * that carries its evidence and the mitigations it points to. A probe that cannot reach its system
 * throws ({@link FailureType#UNAVAILABLE} and the like); the workflow turns that, or a timeout,
 * into an UNAVAILABLE finding, so a broken probe never stalls the investigation.
 */
@ActivityInterface
public interface DiagnosisActivities {

  /** Pods not Running/Ready with reasons (CrashLoopBackOff, OOMKilled...) and restart counts. */
  Finding inspectPods(DiagnosisRequest request);

  /** Recent Kubernetes events, newest first. */
  Finding inspectEvents(DiagnosisRequest request);

  /** The deployment's rollout history: what changed recently. */
  Finding inspectRollouts(DiagnosisRequest request);

  /** Node conditions and usage. */
  Finding inspectNodes(DiagnosisRequest request);

  /** Prometheus: up, request rate, error ratio, p95, against an hour earlier. */
  Finding queryMetrics(DiagnosisRequest request);

  /** Error logs of the window, most frequent messages first. */
  Finding searchLogs(DiagnosisRequest request);

  /** Deploys and commits in the window. */
  Finding listRecentChanges(DiagnosisRequest request);

  /** Database connections against the limit, long-running queries. */
  Finding inspectDatabase(DiagnosisRequest request);

  /**
   * Commits in the window (and the hour before it) on the service's repositories and paths, with
   * author, message, files and the deploy they shipped in where known; config changes (Helm values,
   * manifests, feature flags) stated apart.
   */
  Finding inspectGitChanges(DiagnosisRequest request);

  /**
   * The failing pods' own logs, current and previous container, most frequent error lines first.
   */
  Finding readPodLogs(DiagnosisRequest request);

  /**
   * The service's upstreams and downstreams: each one's error ratio and latency now against an hour
   * earlier, and who owns the one that fails.
   */
  Finding analyzeDependencies(DiagnosisRequest request);

  /** Error traces and the slowest traces of the window, with the span that failed or took time. */
  Finding searchTraces(DiagnosisRequest request);
}
