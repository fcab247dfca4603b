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
}
