package io.incidentresponse.workflows.communication;

/**
 * What the Approve and Reject buttons of an approval request carry, shared by the worker that posts
 * them and the starter that receives the clicks: the buttons' {@code action_id}s, and a value
 * {@code {"incidentId":"...","actionId":"..."}} of at most {@link #MAX_VALUE} characters (Slack's
 * limit; without room for it the request goes out without buttons).
 */
public final class ApprovalButtonContract {
  public static final String BLOCK_ID = "incident-approval";
  public static final String APPROVE = "incident-approve";
  public static final String REJECT = "incident-reject";
  public static final String INCIDENT_ID = "incidentId";
  public static final String ACTION_ID = "actionId";
  public static final int MAX_VALUE = 2000;

  private ApprovalButtonContract() {}
}
