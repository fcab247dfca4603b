package io.incidentresponse.workflows.actionitems;

import java.time.LocalDate;
import java.util.List;

/**
 * One page of a listing across incidents: due first (soonest first, no due date last), then by
 * incident and the item's place in its postmortem.
 *
 * @param items the rows, at most the filter's limit
 * @param today the day "overdue" was judged against (in the store's zone)
 * @param nextOffset the offset of the next page, or null when this is the last
 */
public record ActionItemPage(List<ActionItemRow> items, LocalDate today, Integer nextOffset) {
  public ActionItemPage {
    items = items == null ? List.of() : List.copyOf(items);
  }
}
