package io.incidentresponse.workflows.closure;

import io.temporal.activity.ActivityInterface;

/**
 * Measures an incident's impact at closure (the runbook's "calculate downtime and affected users").
 * Reads only; idempotent. Throws NOT_CONFIGURED when no impact query is set: the workflow then asks
 * a person.
 */
@ActivityInterface
public interface ImpactActivities {

  /** Users affected between detection and resolution, with where the number came from. */
  ImpactAssessment assessImpact(ImpactRequest request);
}
