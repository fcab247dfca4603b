package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.DocumentFormat.cell;
import static io.incidentresponse.activities.postmortem.DocumentFormat.itemStatus;
import static io.incidentresponse.activities.postmortem.DocumentFormat.line;
import static io.incidentresponse.activities.postmortem.DocumentFormat.orEmpty;
import static io.incidentresponse.activities.postmortem.PostmortemRenderer.TO_COMPLETE;

import io.incidentresponse.workflows.postmortem.ActionItem;
import java.util.ArrayList;
import java.util.List;

/**
 * The Action Items table: the items so far with owner, due date and status (TBD until the review
 * settles them), or a prompt for the usual three at the first draft.
 */
final class ActionItemsSection implements DocumentSection {
  private final List<ActionItem> items;

  ActionItemsSection(IncidentFacts facts) {
    this.items = facts.items();
  }

  @Override
  public void write(StringBuilder out) {
    out.append("## Action Items\n");
    out.append("| Action | Owner | Due Date | Status |\n");
    out.append("|--------|-------|----------|--------|\n");
    List<String> unassigned = new ArrayList<>();
    for (ActionItem item : items) {
      row(out, item);
      if (!item.isAssigned()) {
        unassigned.add(item.id() == null ? orEmpty(item.action()) : item.id());
      }
    }
    if (items.isEmpty()) {
      out.append("| ")
          .append(TO_COMPLETE)
          .append(": at least fix the root cause, improve monitoring, update the runbook")
          .append(" | TBD | TBD | Open |\n");
    }
    if (!unassigned.isEmpty()) {
      out.append('\n')
          .append(line(String.join(", ", unassigned)))
          .append(unassigned.size() == 1 ? " still needs" : " still need")
          .append(" an owner and a due date: the review settles them.\n");
    }
    out.append('\n');
  }

  private static void row(StringBuilder out, ActionItem item) {
    String action =
        (item.id() == null || item.id().isBlank() ? "" : item.id() + ": ") + orEmpty(item.action());
    out.append("| ")
        .append(cell(action))
        .append(" | ")
        .append(item.owner() == null || item.owner().isBlank() ? "TBD" : cell(item.owner()))
        .append(" | ")
        .append(item.dueDate() == null ? "TBD" : item.dueDate().toString())
        .append(" | ")
        .append(itemStatus(item.status()))
        .append(" |\n");
  }
}
