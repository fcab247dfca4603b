package io.incidentresponse.workflows.communication;

import io.incidentresponse.workflows.oncall.EscalationTarget;

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
 * @param person the person (or PagerDuty escalation policy) the roster resolved the level to when
 *     the page goes out, or null when the roster was not asked or has nobody: then the paging
 *     system pages the level as it knows it (PagerDuty's own escalation policy)
 */
public record PageRequest(
    IncidentBrief brief,
    PageRef page,
    int level,
    String target,
    String note,
    PageUrgency urgency,
    EscalationTarget person) {

  public PageRequest {
    urgency = urgency == null ? PageUrgency.HIGH : urgency;
  }

  /** A request without a resolved person. */
  public PageRequest(
      IncidentBrief brief,
      PageRef page,
      int level,
      String target,
      String note,
      PageUrgency urgency) {
    this(brief, page, level, target, note, urgency, null);
  }

  /** A high-urgency request. */
  public PageRequest(IncidentBrief brief, PageRef page, int level, String target, String note) {
    this(brief, page, level, target, note, PageUrgency.HIGH, null);
  }

  /** The same request for the person the roster resolved. */
  public PageRequest withPerson(EscalationTarget resolved) {
    return new PageRequest(brief, page, level, target, note, urgency, resolved);
  }
}
