package io.incidentresponse.activities.git;

import java.time.Instant;
import java.util.List;

/**
 * A service's deploys, for the git changes probe to say which deploy shipped a commit (the worker
 * adapts ArgoCD's application history to it). May throw an {@code ApplicationFailure}: the probe
 * then reports its commits without deploys and says why.
 */
@FunctionalInterface
public interface DeployHistory {
  /** No deploy source configured. */
  DeployHistory NONE = service -> List.of();

  /** The service's deploys, oldest first. */
  List<Deployed> deploys(String service);

  /**
   * One deploy.
   *
   * @param revision the git revision deployed (a full commit id; anything else is not matched)
   * @param at when it was deployed
   */
  record Deployed(String revision, Instant at) {}
}
