package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.DocumentFormat.cell;
import static io.incidentresponse.activities.postmortem.DocumentFormat.orEmpty;

import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Timeline table. A long timeline keeps its first and last entries and, between them, the
 * events that move the incident along (phase changes, acknowledgement and escalation, each step of
 * a mitigation), up to {@link PostmortemDocumentSettings#timelineMaxRows()} rows; the rest are
 * counted, not shown.
 */
final class TimelineSection implements DocumentSection {
  /**
   * Events that move the incident along: kept in a long timeline. They are the texts the incident
   * workflow writes at phase changes, acknowledgement, escalation and severity changes.
   */
  private static final List<String> KEY_EVENTS =
      List.of(
          "Incident opened",
          "Investigation started",
          "Diagnosis round",
          "Diagnosis complete",
          "Acknowledged after",
          "No acknowledgement",
          "Severity ",
          "Marked mitigated",
          "Mitigated:",
          "Regression:",
          "Resolved by",
          "Monitoring window passed clean",
          "Closed as a false positive",
          "Incident closed",
          "Postmortem started");

  private final IncidentState s;
  private final List<TimelineEntry> timeline;
  private final DocumentFormat format;
  private final PostmortemDocumentSettings settings;

  TimelineSection(IncidentFacts facts, DocumentFormat format, PostmortemDocumentSettings settings) {
    this.s = facts.s();
    this.timeline = facts.timeline();
    this.format = format;
    this.settings = settings;
  }

  @Override
  public void write(StringBuilder out) {
    out.append("## Timeline\n");
    out.append("All times ").append(format.zoneName()).append(".\n\n");
    out.append("| Time | Event | Action Taken |\n");
    out.append("|------|-------|--------------|\n");
    boolean[] keep = keptRows();
    boolean multiDay = spansDays();
    int kept = 0;
    int skipped = 0;
    for (int i = 0; i < timeline.size(); i++) {
      if (!keep[i]) {
        skipped++;
        continue;
      }
      if (skipped > 0) {
        out.append("| … | _").append(skipped).append(" routine entries left out_ | |\n");
        skipped = 0;
      }
      kept++;
      row(out, timeline.get(i), multiDay);
    }
    if (skipped > 0) {
      out.append("| … | _").append(skipped).append(" routine entries left out_ | |\n");
    }
    if (timeline.isEmpty()) {
      out.append("| | _The incident recorded no timeline._ | |\n");
    }
    if (kept < timeline.size()) {
      leftOutNote(out, kept);
    }
    out.append('\n');
  }

  private void row(StringBuilder out, TimelineEntry entry, boolean multiDay) {
    out.append("| ")
        .append(
            entry.at() == null
                ? ""
                : multiDay ? format.dayAndClockOf(entry.at()) : format.clockOf(entry.at()))
        .append(" | ")
        .append(cell(eventWithActor(entry)))
        .append(" | ")
        .append(cell(entry.actionTaken()))
        .append(" |\n");
  }

  private void leftOutNote(StringBuilder out, int kept) {
    out.append("\nShowing ")
        .append(kept)
        .append(" of ")
        .append(timeline.size())
        .append(" entries: the first ")
        .append(settings.timelineKeepFirst())
        .append(", the last ")
        .append(settings.timelineKeepLast())
        .append(", and the phase changes, decisions and mitigations between them; ")
        .append(timeline.size() - kept)
        .append(
            " routine entries were left out. The full timeline is in the incident"
                + " workflow (`timeline` query).\n");
  }

  private boolean[] keptRows() {
    int n = timeline.size();
    boolean[] keep = new boolean[n];
    if (n <= settings.timelineMaxRows()) {
      Arrays.fill(keep, true);
      return keep;
    }
    int first = Math.min(settings.timelineKeepFirst(), n);
    int last = Math.min(settings.timelineKeepLast(), n - first);
    for (int i = 0; i < first; i++) {
      keep[i] = true;
    }
    for (int i = n - last; i < n; i++) {
      keep[i] = true;
    }
    int budget = settings.timelineMaxRows() - first - last;
    List<Pattern> actionIds = actionIdPatterns();
    for (int i = first; i < n - last && budget > 0; i++) {
      if (isKey(timeline.get(i), actionIds)) {
        keep[i] = true;
        budget--;
      }
    }
    return keep;
  }

  private List<Pattern> actionIdPatterns() {
    List<Pattern> patterns = new ArrayList<>();
    if (s.actions != null) {
      for (MitigationAction action : s.actions) {
        if (action.id() != null && !action.id().isBlank()) {
          patterns.add(Pattern.compile("(^|\\W)" + Pattern.quote(action.id()) + "(\\W|$)"));
        }
      }
    }
    return patterns;
  }

  /** A phase change, an acknowledgement or escalation, or a step of a mitigation. */
  private static boolean isKey(TimelineEntry entry, List<Pattern> actionIds) {
    String event = entry.event() == null ? "" : entry.event();
    for (String prefix : KEY_EVENTS) {
      if (event.startsWith(prefix)) {
        return true;
      }
    }
    String action = entry.actionTaken() == null ? "" : entry.actionTaken();
    if (action.startsWith("Escalated to level")) {
      return true;
    }
    for (Pattern id : actionIds) {
      if (id.matcher(event).find()) {
        return true;
      }
    }
    return false;
  }

  private boolean spansDays() {
    LocalDate first = null;
    for (TimelineEntry entry : timeline) {
      if (entry.at() == null) {
        continue;
      }
      LocalDate day = entry.at().atZone(format.zone()).toLocalDate();
      if (first == null) {
        first = day;
      } else if (!first.equals(day)) {
        return true;
      }
    }
    return false;
  }

  private static String eventWithActor(TimelineEntry entry) {
    String actor = entry.actor();
    boolean person =
        actor != null
            && !actor.isBlank()
            && !TimelineEntry.SYSTEM.equals(actor)
            && !TimelineEntry.POLICY.equals(actor);
    return orEmpty(entry.event()) + (person ? " (by " + actor.trim() + ")" : "");
  }
}
