package io.incidentresponse.activities.drill;

import io.incidentresponse.workflows.drill.DrillInjection;
import io.incidentresponse.workflows.drill.DrillTarget;

/**
 * One way to break a service on purpose, and to put it back. One class per scenario, registered by
 * {@link #name()} (one of {@code DrillScenarios.ALL}).
 *
 * <p>{@link #capture} reads what the fault will replace and checks the parameters (BAD_REQUEST
 * naming the parameter); {@link #inject} applies the fault and {@link #revert} restores exactly
 * what {@code capture} read. Both are idempotent and neither looks at guardrails: those are checked
 * once, before anything changes, by {@link DrillActivitiesImpl}.
 */
public interface DrillScenario {

  /** The scenario's name, e.g. {@code failure-rate}. */
  String name();

  /** What the target looks like now, and the fault in words; changes nothing. */
  DrillInjection capture(DrillTarget target);

  void inject(DrillInjection injection);

  /** Puts back {@code injection.before()}; answers what it did. A target gone (404) is done. */
  String revert(DrillInjection injection);
}
