package io.incidentresponse.activities.kubernetes;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.temporal.failure.ApplicationFailure;

/**
 * What a mitigation request must carry, and the final failures when it does not: a missing or
 * malformed parameter is BAD_REQUEST, a missing target NOT_FOUND. Neither is retried.
 */
final class ActionArguments {
  private ActionArguments() {}

  static String requiredParameter(ActionProposal action, String key) {
    String value = action.parameters().get(key);
    if (value == null || value.isBlank()) {
      throw badRequest(
          action.type().slug() + " of " + action.target() + " needs parameter '" + key + "'");
    }
    return value;
  }

  static int intParameter(ActionProposal action, String key) {
    String value = requiredParameter(action, key);
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw badRequest("parameter '" + key + "' must be a whole number, got '" + value + "'");
    }
  }

  static ApplicationFailure notFound(String what) {
    return ApplicationFailure.newNonRetryableFailure(
        what + " not found", FailureType.NOT_FOUND.type());
  }

  static ApplicationFailure badRequest(String why) {
    return ApplicationFailure.newNonRetryableFailure(why, FailureType.BAD_REQUEST.type());
  }
}
