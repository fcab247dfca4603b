package io.incidentresponse.workflows.communication;

/**
 * A request about the page that calls responders.
 *
 * @param brief which incident
 * @param page the existing page (from PagerDuty's alert or an earlier call), or null
 * @param level the escalation level to page, 0 for the first responder
 * @param target who that level is (e.g. {@code secondary-oncall})
 * @param note text to add to the page
 * @param urgency how urgently the page calls people; null (histories recorded before it existed)
 *     reads as {@link PageUrgency#HIGH}
 */
public record PageRequest(
    IncidentBrief brief, PageRef page, int level, String target, String note, PageUrgency urgency) {

  public PageRequest {
    urgency = urgency == null ? PageUrgency.HIGH : urgency;
  }

  /** A high-urgency request. */
  public PageRequest(IncidentBrief brief, PageRef page, int level, String target, String note) {
    this(brief, page, level, target, note, PageUrgency.HIGH);
  }
}
