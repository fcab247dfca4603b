package io.incidentresponse.workflows.health;

import java.util.List;

/** The names of the checks a health check runs per service, in the order they are shown. */
public final class HealthChecks {
  /** The Deployment's rollout: complete, in progress, or stalled past its progress deadline. */
  public static final String ROLLOUT = "rollout";

  /** Ready replicas of the Deployment against the replicas it wants. */
  public static final String READY_REPLICAS = "ready replicas";

  /** The service's own health URL answers 2xx in time. */
  public static final String HEALTH_ENDPOINT = "health endpoint";

  /** Prometheus {@code up} is 1. */
  public static final String UP = "up";

  /** The 5xx share of requests is below the threshold. */
  public static final String ERROR_RATIO = "error ratio";

  /** The 95th percentile latency is below the threshold. */
  public static final String P95 = "p95";

  /** Every check, in display order. */
  public static final List<String> ALL =
      List.of(ROLLOUT, READY_REPLICAS, HEALTH_ENDPOINT, UP, ERROR_RATIO, P95);

  /**
   * The checks that can say the service is down (not merely slow or erroring): the health endpoint
   * failing, {@code up} below 1, or no replica ready at all (some ready is degraded, not down).
   */
  public static final List<String> DOWN = List.of(HEALTH_ENDPOINT, UP, READY_REPLICAS);

  private HealthChecks() {}
}
