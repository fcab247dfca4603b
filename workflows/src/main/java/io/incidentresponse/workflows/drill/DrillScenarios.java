package io.incidentresponse.workflows.drill;

import java.util.List;

/**
 * The scenarios a worker knows, by name: the vocabulary the starter checks a request against (422
 * for a name not here) and the worker's scenario classes register under (a test keeps the two the
 * same). Adding a scenario: a class in {@code activities/.../drill/}, its name here.
 */
public final class DrillScenarios {
  /** The runbook's {@code kubectl patch deployment <svc> ... env FAILURE_RATE=<rate>}. */
  public static final String FAILURE_RATE = "failure-rate";

  /** Scales the deployment down (to zero by default) and back to its replica count. */
  public static final String SCALE_DOWN = "scale-down";

  /** Deletes pods of the deployment; the revert waits until it is ready again. */
  public static final String DELETE_PODS = "delete-pods";

  /** The demo service's {@code POST /admin/failure-rate}; the revert sets the rate read before. */
  public static final String DEMO_ERRORS = "demo-errors";

  public static final List<String> ALL =
      List.of(FAILURE_RATE, SCALE_DOWN, DELETE_PODS, DEMO_ERRORS);

  private DrillScenarios() {}

  public static boolean known(String name) {
    return ALL.contains(name);
  }
}
