package io.incidentresponse.workflows.actionitems;

import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import java.util.List;

/**
 * Which postmortem action items to list, across incidents. Every filter given must match; a filter
 * left out (null, empty) matches everything. Values out of range are brought into it here, so a
 * filter always reaches the store bounded (the REST API refuses them before, naming the parameter).
 *
 * @param owner only items this person owns (exact, as the item stores it), or null
 * @param overdue only items neither done nor dropped whose due date is before the store's today
 * @param service only items of incidents of this service, or null
 * @param statuses only items in one of these statuses; empty: any status
 * @param kinds only items of one of these kinds; empty: any kind, and items without one
 * @param limit at most this many rows, 1..{@value #MAX_LIMIT}; 0 or less takes {@value
 *     #DEFAULT_LIMIT}
 * @param offset rows to skip (paging), 0..{@value #MAX_OFFSET}
 */
public record ActionItemFilter(
    String owner,
    boolean overdue,
    String service,
    List<ActionItemStatus> statuses,
    List<ActionItemKind> kinds,
    int limit,
    int offset) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  /** Deeper pages are refused: narrow the filter instead (an offset is read past, not jumped). */
  public static final int MAX_OFFSET = 10_000;

  public ActionItemFilter {
    owner = blankToNull(owner);
    service = blankToNull(service);
    statuses = statuses == null ? List.of() : statuses.stream().distinct().sorted().toList();
    kinds = kinds == null ? List.of() : kinds.stream().distinct().sorted().toList();
    limit = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    offset = Math.max(0, Math.min(offset, MAX_OFFSET));
  }

  /** The items still to do: open or in progress, first page. */
  public static ActionItemFilter open() {
    return new ActionItemFilter(
        null,
        false,
        null,
        List.of(ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS),
        List.of(),
        DEFAULT_LIMIT,
        0);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
