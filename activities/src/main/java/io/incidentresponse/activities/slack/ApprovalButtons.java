package io.incidentresponse.activities.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentresponse.workflows.communication.ApprovalButtonContract;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Approve and Reject buttons of an approval request, as the starter's Slack interaction
 * endpoint ({@code io.incidentresponse.starter.slack}) reads them back: action ids {@value
 * #APPROVE} and {@value #REJECT}, and a value {@code {"incidentId":"...","actionId":"..."}} (see
 * {@link ApprovalButtonContract}). Both sides spell this out; change them together.
 */
final class ApprovalButtons {
  static final String BLOCK_ID = ApprovalButtonContract.BLOCK_ID;
  static final String APPROVE = ApprovalButtonContract.APPROVE;
  static final String REJECT = ApprovalButtonContract.REJECT;

  /** Slack refuses a button whose value is longer. */
  static final int MAX_VALUE = ApprovalButtonContract.MAX_VALUE;

  /** Slack refuses a section whose text is longer. */
  static final int MAX_SECTION_TEXT = 3000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ApprovalButtons() {}

  /** The buttons' value, or empty when it would be longer than Slack takes. */
  static Optional<String> value(String incidentId, String actionId) {
    if (incidentId == null || actionId == null) {
      return Optional.empty();
    }
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put(ApprovalButtonContract.INCIDENT_ID, incidentId);
    ids.put(ApprovalButtonContract.ACTION_ID, actionId);
    try {
      String value = JSON.writeValueAsString(ids);
      return value.length() <= MAX_VALUE ? Optional.of(value) : Optional.empty();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
