package io.incidentresponse.workflows.communication;

/**
 * What the Acknowledge button of a page sent by Slack direct message carries, shared by the worker
 * that sends the page and the starter that receives the click: the button's {@code action_id}, and
 * a value {@code {"incidentId":"...","level":N,"person":"...","slackUserId":"U..."}} (the incident,
 * the escalation level paged, and the roster id and Slack user of the person paged) of at most
 * {@link ApprovalButtonContract#MAX_VALUE} characters; the person's id is left out when it would
 * not fit. The click signals the incident's {@code acknowledge}.
 */
public final class PageButtonContract {
  /** The actions block's id starts with this; the rest marks the incident, level and person. */
  public static final String BLOCK_ID_PREFIX = "incident-page-";

  public static final String ACKNOWLEDGE = "incident-page-acknowledge";
  public static final String INCIDENT_ID = "incidentId";
  public static final String LEVEL = "level";
  public static final String PERSON = "person";
  public static final String SLACK_USER_ID = "slackUserId";

  private PageButtonContract() {}
}
