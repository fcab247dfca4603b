package io.incidentresponse.workflows.mitigation;

/**
 * Keys of {@link ActionProposal#parameters()} per {@link ActionType}. The proposal's {@code target}
 * names the object acted on; these say how.
 *
 * <ul>
 *   <li>SCALE: target a Deployment; {@link #REPLICAS} the wanted count (bounded by the guardrails,
 *       never 0).
 *   <li>RESTART: target a Deployment (rollout restart).
 *   <li>ROLLBACK: target a Deployment; {@link #REVISION} the revision to return to, else the
 *       previous one.
 *   <li>CIRCUIT_BREAKER: target the breaker's name on the service's admin endpoint; {@link #STATE}
 *       {@code open} (default) or {@code closed}.
 *   <li>REDIRECT_TRAFFIC: target a Service; {@link #SELECTOR} the new selector as {@code
 *       key=value,key=value}.
 *   <li>TERMINATE_QUERIES: target the database name; {@link #OLDER_THAN_SECONDS} the age above
 *       which a running query is terminated.
 *   <li>READ_REPLICA: target a ConfigMap; {@link #KEY} and {@link #VALUE} the entry to set (e.g.
 *       {@code DATABASE_URL}), {@link #DEPLOYMENT} the deployment restarted to pick it up.
 *   <li>DRAIN_NODE: target a Node (cordon, then evict its pods through the eviction API).
 *   <li>REPLACE_NODE: target a Node.
 * </ul>
 */
public final class ActionParameters {
  private ActionParameters() {}

  public static final String REPLICAS = "replicas";
  public static final String REVISION = "revision";
  public static final String STATE = "state";
  public static final String SELECTOR = "selector";
  public static final String OLDER_THAN_SECONDS = "olderThanSeconds";
  public static final String KEY = "key";
  public static final String VALUE = "value";
  public static final String DEPLOYMENT = "deployment";
}
