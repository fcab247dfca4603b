package io.incidentresponse.workflows.oncall;

/**
 * A person who can be paged, with every way to reach them that the roster knows.
 *
 * @param id the roster's key for the person (e.g. {@code alice}); stable, used in overrides and
 *     calendars
 * @param name display name, as written on timelines and pages
 * @param slackUserId Slack member id ({@code U...}) for direct messages, or null
 * @param email address for pages and reminders by e-mail, or null
 * @param phone phone number, shown to people (never dialled by this system), or null
 * @param pagerDutyUserId the person's PagerDuty user id ({@code P...}), or null
 */
public record OnCallPerson(
    String id,
    String name,
    String slackUserId,
    String email,
    String phone,
    String pagerDutyUserId) {

  /** The name to show: the display name, else the id. */
  public String displayName() {
    return name == null || name.isBlank() ? id : name;
  }
}
