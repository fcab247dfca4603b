package io.incidentresponse.workflows.postmortem;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The reminders sent about one action item for its current due date; a new due date starts afresh.
 * Pure, deterministic arithmetic: safe in workflow code.
 *
 * @param itemId the item
 * @param dueDate the due date these notices were about
 * @param ownerReminded the owner was reminded before the due date
 * @param overdueNotices how many overdue notices went to the team lead
 */
public record ItemNotices(
    String itemId, LocalDate dueDate, boolean ownerReminded, int overdueNotices) {

  /** Reminders go out at this local time, in working hours. */
  static final LocalTime NOTICE_TIME = LocalTime.of(9, 0);

  static ItemNotices none(String itemId, LocalDate dueDate) {
    return new ItemNotices(itemId, dueDate, false, 0);
  }

  /** The morning after the due date, when the item counts as overdue. */
  static Instant overdueAt(LocalDate dueDate, ZoneId zone) {
    return dueDate.plusDays(1).atTime(NOTICE_TIME).atZone(zone).toInstant();
  }

  /** When the owner's reminder is due: {@code before} ahead of 09:00 on the due date. */
  static Instant ownerReminderAt(LocalDate dueDate, ZoneId zone, PostmortemSettings settings) {
    return dueDate.atTime(NOTICE_TIME).atZone(zone).toInstant().minus(settings.remindItemsBefore());
  }

  /** The next overdue notice: the morning after the due date, then every interval. */
  Instant nextOverdueAt(ZoneId zone, PostmortemSettings settings) {
    return overdueAt(dueDate, zone)
        .plus(settings.remindOverdueEvery().multipliedBy(overdueNotices));
  }

  /** When this item next needs a notice. */
  Instant nextAt(ZoneId zone, PostmortemSettings settings) {
    Instant overdue = nextOverdueAt(zone, settings);
    if (ownerReminded || overdueNotices > 0) {
      return overdue;
    }
    Instant before = ownerReminderAt(dueDate, zone, settings);
    return before.isBefore(overdue) ? before : overdue;
  }
}
