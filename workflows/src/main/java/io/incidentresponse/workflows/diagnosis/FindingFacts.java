package io.incidentresponse.workflows.diagnosis;

/**
 * Keys of {@link Finding#facts()}: the observations a probe states in machine-readable form so the
 * hypothesis ranking can correlate them across probes. Instants are ISO-8601 ({@code
 * Instant.toString()}), ratios are plain decimals ({@code 0.125}), durations are seconds, counts
 * are integers. A probe sets only what it observed; a missing key means "not observed".
 */
public final class FindingFacts {
  private FindingFacts() {}

  // ---- Kubernetes workload (POD_HEALTH, ROLLOUT_HISTORY)

  /** The deployment that runs the service. */
  public static final String DEPLOYMENT = "deployment";

  /** The deployment's desired replicas. */
  public static final String REPLICAS = "deployment.replicas";

  /** Pods of the service that are not Running and Ready. */
  public static final String PODS_UNHEALTHY = "pods.unhealthy";

  /** Pods whose last termination was OOMKilled. */
  public static final String PODS_OOM_KILLED = "pods.oomKilled";

  /** Pods in CrashLoopBackOff. */
  public static final String PODS_CRASH_LOOPING = "pods.crashLooping";

  /** Pods stuck in ImagePullBackOff / ErrImagePull. */
  public static final String PODS_IMAGE_PULL = "pods.imagePullFailing";

  /** Pods Pending (unschedulable). */
  public static final String PODS_PENDING = "pods.pending";

  /** Nodes that host unhealthy pods of the service, comma-separated. */
  public static final String PODS_NODES = "pods.nodes";

  /** When the newest revision of the deployment was created (its ReplicaSet). */
  public static final String ROLLOUT_AT = "rollout.at";

  /** The newest revision number. */
  public static final String ROLLOUT_REVISION = "rollout.revision";

  /** The revision before the newest: what a rollback returns to. */
  public static final String ROLLOUT_PREVIOUS_REVISION = "rollout.previousRevision";

  /** The newest revision's image(s). */
  public static final String ROLLOUT_IMAGE = "rollout.image";

  /** The previous revision's image(s). */
  public static final String ROLLOUT_PREVIOUS_IMAGE = "rollout.previousImage";

  // ---- nodes (NODE_HEALTH)

  /** Nodes NotReady or under memory/disk/PID pressure, comma-separated. */
  public static final String NODES_UNHEALTHY = "nodes.unhealthy";

  // ---- Prometheus (SERVICE_METRICS)

  /** {@code up}: 1 when every target is up, else the share that is (0..1). */
  public static final String UP = "metrics.up";

  /** Requests per second now. */
  public static final String REQUEST_RATE = "metrics.requestRate";

  /** Requests per second an hour earlier. */
  public static final String REQUEST_RATE_BEFORE = "metrics.requestRateHourAgo";

  /** 5xx share of all requests now. */
  public static final String ERROR_RATIO = "metrics.errorRatio";

  /** 5xx share an hour earlier. */
  public static final String ERROR_RATIO_BEFORE = "metrics.errorRatioHourAgo";

  /** First moment in the window at which the error ratio crossed its threshold. */
  public static final String ERRORS_RISING_SINCE = "metrics.errorsRisingSince";

  /** p95 latency in seconds now. */
  public static final String LATENCY_P95 = "metrics.latencyP95Seconds";

  /** p95 latency in seconds an hour earlier. */
  public static final String LATENCY_P95_BEFORE = "metrics.latencyP95SecondsHourAgo";

  // ---- logs (ERROR_LOGS)

  /** Error log lines in the window. */
  public static final String LOG_ERRORS = "logs.errors";

  /** The most frequent error message. */
  public static final String LOG_TOP_MESSAGE = "logs.topMessage";

  // ---- changes (RECENT_CHANGES)

  /** When the newest deploy in the window happened (ArgoCD sync, git commit). */
  public static final String CHANGE_AT = "change.at";

  /** What the newest deploy deployed (git revision). */
  public static final String CHANGE_REVISION = "change.revision";

  /** The deploy before it: what a rollback returns to. */
  public static final String CHANGE_PREVIOUS_REVISION = "change.previousRevision";

  // ---- database (DATABASE_CONNECTIONS)

  /** Connections in use. */
  public static final String DB_CONNECTIONS = "db.connections";

  /** The server's {@code max_connections}. */
  public static final String DB_MAX_CONNECTIONS = "db.maxConnections";

  /** Queries running longer than the threshold. */
  public static final String DB_LONG_QUERIES = "db.longQueries";

  /** The threshold, seconds, that made a query long. */
  public static final String DB_LONG_QUERY_SECONDS = "db.longQuerySeconds";

  /** The database the probe looked at. */
  public static final String DB_NAME = "db.name";

  // ---- git (GIT_CHANGES)

  /** When the newest commit touching the service in the window was made (committer time). */
  public static final String COMMIT_AT = "git.commitAt";

  /** The newest commit's id (abbreviated to 12 characters). */
  public static final String COMMIT = "git.commit";

  /** The newest commit's author (name, never the e-mail). */
  public static final String COMMIT_AUTHOR = "git.commitAuthor";

  /** The newest commit's first message line. */
  public static final String COMMIT_MESSAGE = "git.commitMessage";

  /** When the newest config change (Helm values, manifests, feature flags) was made. */
  public static final String CONFIG_CHANGE_AT = "git.configChangeAt";

  /** The newest config change's commit id (12 characters). */
  public static final String CONFIG_CHANGE_COMMIT = "git.configChangeCommit";

  /** The newest config change's files, comma-separated (at most a few). */
  public static final String CONFIG_CHANGE_FILES = "git.configChangeFiles";

  /** The newest config change's author (name). */
  public static final String CONFIG_CHANGE_AUTHOR = "git.configChangeAuthor";

  // ---- pod logs (POD_LOGS)

  /** Error lines in the failing pods' logs (current and previous containers). */
  public static final String POD_LOG_ERRORS = "podLogs.errors";

  /** The most frequent error line in them (numbers and ids masked). */
  public static final String POD_LOG_TOP_MESSAGE = "podLogs.topMessage";

  // ---- dependencies (DEPENDENCIES)

  /** The failing dependency the evidence points to most: a service name. */
  public static final String DEPENDENCY = "dependency.name";

  /** {@code upstream} (the service calls it) or {@code downstream} (it calls the service). */
  public static final String DEPENDENCY_DIRECTION = "dependency.direction";

  /** The failing dependency's error ratio now. */
  public static final String DEPENDENCY_ERROR_RATIO = "dependency.errorRatio";

  /** The failing dependency's error ratio an hour earlier. */
  public static final String DEPENDENCY_ERROR_RATIO_BEFORE = "dependency.errorRatioHourAgo";

  /** The failing dependency's p95 latency in seconds now. */
  public static final String DEPENDENCY_LATENCY_P95 = "dependency.latencyP95Seconds";

  /** The failing dependency's p95 latency in seconds an hour earlier. */
  public static final String DEPENDENCY_LATENCY_P95_BEFORE = "dependency.latencyP95SecondsHourAgo";

  /** First moment in the window at which the dependency's error ratio crossed its threshold. */
  public static final String DEPENDENCY_ERRORS_RISING_SINCE = "dependency.errorsRisingSince";

  /** Who owns the failing dependency: its team, and the person on call for it when known. */
  public static final String DEPENDENCY_OWNER = "dependency.owner";

  // ---- traces (TRACES)

  /** Error traces of the service in the window (as many as the query returned). */
  public static final String TRACE_ERRORS = "traces.errors";

  /** The span that failed most often in them: {@code service operation}. */
  public static final String TRACE_FAILING_SPAN = "traces.failingSpan";

  /** The service of that span (another service than the incident's points to a dependency). */
  public static final String TRACE_FAILING_SERVICE = "traces.failingService";

  /** The span that took the most time in the slowest traces: {@code service operation}. */
  public static final String TRACE_SLOWEST_SPAN = "traces.slowestSpan";

  /** That span's duration in seconds. */
  public static final String TRACE_SLOWEST_SECONDS = "traces.slowestSpanSeconds";
}
