package io.incidentresponse.activities.tracker;

import io.incidentresponse.workflows.postmortem.ActionItem;
import io.incidentresponse.workflows.tracker.TicketRequest;
import java.util.Locale;

/**
 * The words of an action item's ticket, the same in every tracker, and the marker that gives the
 * ticket its stable identity (incident and item id) so a retried creation finds it.
 */
final class TicketText {
  /** GitHub allows 256 characters in a title, Jira 255 in a summary. */
  static final int MAX_TITLE = 250;

  /** Tracker words kept in a reason (a resolution name, a login). */
  static final int MAX_WORD = 100;

  private TicketText() {}

  /** {@code [inc-42] Alert on pool saturation}, on one line and within {@link #MAX_TITLE}. */
  static String title(TicketRequest request) {
    String title = "[" + request.incidentId() + "] " + request.item().action();
    return truncated(title.replaceAll("\\s+", " ").strip(), MAX_TITLE);
  }

  /**
   * The ticket's body: the item, its incident and postmortem, and the marker. Plain lines that read
   * well both as GitHub Markdown and as Jira wiki text.
   */
  static String body(TicketRequest request) {
    ActionItem item = request.item();
    StringBuilder body = new StringBuilder();
    body.append("Action item ")
        .append(item.id())
        .append(" from the postmortem of incident ")
        .append(request.incidentId());
    if (request.incidentTitle() != null && !request.incidentTitle().isBlank()) {
      body.append(" (").append(truncated(request.incidentTitle().strip(), MAX_TITLE)).append(')');
    }
    body.append(".\n\n").append(item.action()).append("\n\n");
    line(body, "Kind", item.kind() == null ? null : item.kind().name());
    line(body, "Owner", item.owner());
    line(body, "Due", item.dueDate() == null ? null : item.dueDate().toString());
    line(body, "Runbook section", item.runbookSection());
    line(body, "Postmortem", request.postmortem());
    body.append(
            "\nClosing this ticket closes the action item (as not planned / Won't Do: dropped).")
        .append("\n\n")
        .append(marker(request));
    return body.toString();
  }

  /**
   * The stable identity, as a comment GitHub does not render: {@code incident-response:inc/AI-1}.
   */
  static String marker(TicketRequest request) {
    return "<!-- incident-response:" + request.incidentId() + "/" + request.item().id() + " -->";
  }

  /**
   * The same identity as a Jira label (no spaces; letters, digits, {@code _ . -}), e.g. {@code
   * incident-response-inc-42-ai-1}.
   */
  static String label(TicketRequest request) {
    String id = (request.incidentId() + "-" + request.item().id()).toLowerCase(Locale.ROOT);
    return truncated("incident-response-" + id.replaceAll("[^a-z0-9_.-]", "-"), 255);
  }

  static String truncated(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static void line(StringBuilder body, String name, String value) {
    if (value != null && !value.isBlank()) {
      body.append(name).append(": ").append(value.strip()).append('\n');
    }
  }
}
