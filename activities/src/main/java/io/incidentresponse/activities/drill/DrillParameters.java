package io.incidentresponse.activities.drill;

import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;

/** Reads a scenario's parameters; a wrong one is a non-retryable BAD_REQUEST that names it. */
final class DrillParameters {
  private DrillParameters() {}

  /** A share in [0, 1]. */
  static double share(Map<String, String> parameters, String name, Double fallback) {
    String text = parameters.get(name);
    if (text == null || text.isBlank()) {
      if (fallback == null) {
        throw bad("parameter '" + name + "' is required, e.g. " + name + "=0.3");
      }
      return fallback;
    }
    try {
      double value = Double.parseDouble(text.trim());
      if (value >= 0 && value <= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad("parameter '" + name + "' must be a number between 0 and 1, was '" + text + "'");
  }

  /** A whole number in [min, max]. */
  static int count(Map<String, String> parameters, String name, int fallback, int min, int max) {
    String text = parameters.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(
        "parameter '"
            + name
            + "' must be a whole number from "
            + min
            + " to "
            + max
            + ", was '"
            + text
            + "'");
  }

  static ApplicationFailure bad(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureType.BAD_REQUEST.type());
  }
}
