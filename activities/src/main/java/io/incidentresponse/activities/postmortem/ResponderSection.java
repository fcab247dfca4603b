package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.DocumentFormat.cell;

import io.incidentresponse.workflows.incident.ContactsShared;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.PageSent;
import java.util.List;

/**
 * Who Was Paged and Contacted: each page (level, person, how they were found, how it reached them)
 * and each posting of emergency contacts. Left out for incidents that recorded neither (opened
 * before pages went to people).
 */
final class ResponderSection implements DocumentSection {
  private final IncidentState s;
  private final DocumentFormat format;

  ResponderSection(IncidentFacts facts, DocumentFormat format) {
    this.s = facts.s();
    this.format = format;
  }

  @Override
  public void write(StringBuilder out) {
    List<PageSent> pages = s.pages == null ? List.of() : s.pages;
    List<ContactsShared> shared = s.contactsShared == null ? List.of() : s.contactsShared;
    if (pages.isEmpty() && shared.isEmpty()) {
      return;
    }
    out.append("## Who Was Paged and Contacted\n");
    if (!pages.isEmpty()) {
      out.append("| Time | Level | Paged | Found by | Reached by |\n");
      out.append("|---|---|---|---|---|\n");
      for (PageSent page : pages) {
        out.append("| ")
            .append(format.clockOf(page.at()))
            .append(" | ")
            .append(page.level())
            .append(' ')
            .append(cell(page.label()))
            .append(" | ")
            .append(
                page.person() == null
                    ? "nobody named (paging system's escalation)"
                    : cell(page.person()))
            .append(" | ")
            .append(cell(page.how()))
            .append(" | ")
            .append(cell(String.join(", ", page.via())))
            .append(" |\n");
      }
      out.append('\n');
    }
    for (ContactsShared share : shared) {
      out.append("- ")
          .append(format.clockOf(share.at()))
          .append(" emergency contacts shared by ")
          .append(DocumentFormat.line(share.by()))
          .append(" (")
          .append(DocumentFormat.line(share.reason()))
          .append("): ")
          .append(DocumentFormat.line(String.join(", ", share.contacts())))
          .append('\n');
    }
    if (!shared.isEmpty()) {
      out.append('\n');
    }
  }
}
