package io.incidentresponse.workflows.postmortem;

/**
 * What became of an action item request. JSON: {@code {"accepted":true,"reason":null,"item":{"id":
 * "AI-2","action":"Alert on connection pool saturation","owner":"carol",...}}}.
 *
 * @param accepted the change was made
 * @param reason why it was refused, naming the field (e.g. {@code id: no action item AI-9}), or
 *     null when accepted
 * @param item the item as it stands after the change, or null when refused
 */
public record ActionItemResult(boolean accepted, String reason, ActionItem item) {

  public static ActionItemResult accepted(ActionItem item) {
    return new ActionItemResult(true, null, item);
  }

  public static ActionItemResult refused(String reason) {
    return new ActionItemResult(false, reason, null);
  }
}
