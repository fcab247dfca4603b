package io.incidentresponse.workflows.drill;

import io.temporal.activity.ActivityInterface;

/**
 * What a drill does outside the workflow. Activity types are prefixed {@code Drill}.
 *
 * <p>Failure types: BAD_REQUEST (a scenario's parameters are wrong, an unknown scenario), GUARDRAIL
 * (namespace not on {@code incident.mitigation.namespaces}), NOT_CONFIGURED (no Kubernetes, no
 * demo-service URL, no Prometheus, no report directory), NOT_FOUND (no such deployment), and the
 * retryable UNAVAILABLE / CONFLICT / RATE_LIMITED.
 */
@ActivityInterface(namePrefix = "Drill")
public interface DrillActivities {

  /**
   * Reads what the fault will replace and checks the guardrails; changes nothing. The answer is
   * what {@link #inject} applies and {@link #revert} restores.
   */
  DrillInjection capture(DrillTarget target);

  /**
   * Applies the fault. Idempotent: applying it again sets the same values (pods: deletes the pods
   * named in {@code before}, a gone pod is done).
   */
  void inject(DrillInjection injection);

  /**
   * Restores exactly {@code injection.before()} (an env var absent before is removed), or waits
   * until the deployment is ready again (UNAVAILABLE while it is not). Idempotent; no guardrail
   * refuses it, and a target that is gone (404) is done. Answers what it did.
   */
  String revert(DrillInjection injection);

  /** Evaluates the stop conditions once (Prometheus instant queries). */
  StopCheck checkStopConditions(StopCheckRequest request);

  /** The drill's incident's times, read from its workflow's {@code state} query. */
  IncidentTimes incidentTimes(String incidentId);

  /**
   * Writes the drill report (Markdown) and answers its path. Idempotent: the same drill writes the
   * same file again.
   */
  String writeReport(DrillState state);
}
