package io.incidentresponse.activities.postmortem;

import io.incidentresponse.workflows.diagnosis.DiagnosisReport;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Phases: a Mermaid gantt of the incident's phases in order, from the state's times and the
 * timeline's phase changes (a regression gives a second Mitigating and Monitoring). Phases never
 * reached are absent; Restored and Resolved are milestones. No section when no time is known to
 * place on it.
 */
final class PhasesSection implements DocumentSection {
  private record Phase(String name, Instant start, Instant end) {}

  private final IncidentFacts facts;
  private final IncidentState s;
  private final DocumentFormat format;

  PhasesSection(IncidentFacts facts, DocumentFormat format) {
    this.facts = facts;
    this.s = facts.s();
    this.format = format;
  }

  @Override
  public void write(StringBuilder out) {
    List<Phase> phases = spans(marks());
    if (phases.isEmpty()) {
      return;
    }
    out.append("## Phases\n");
    out.append("```mermaid\n");
    out.append("gantt\n");
    out.append("    title Incident phases (").append(format.zoneName()).append(")\n");
    out.append("    dateFormat YYYY-MM-DD HH:mm\n");
    out.append("    axisFormat %H:%M\n");
    out.append("    section Incident\n");
    List<String> ids = new ArrayList<>();
    for (Phase phase : phases) {
      String id = phase.name.toLowerCase(Locale.ROOT);
      int seen = (int) ids.stream().filter(i -> i.equals(id)).count();
      ids.add(id);
      String uniqueId = seen == 0 ? id : id + (seen + 1);
      out.append("    ").append(phase.name).append(" :");
      if (phase.end == null) {
        out.append("milestone, ")
            .append(uniqueId)
            .append(", ")
            .append(format.ganttOf(phase.start))
            .append(", 0m\n");
      } else {
        out.append("done, ")
            .append(uniqueId)
            .append(", ")
            .append(format.ganttOf(phase.start))
            .append(", ")
            .append(format.ganttOf(phase.end))
            .append('\n');
      }
    }
    out.append("```\n");
  }

  /** When each phase began, in order; ends are filled in by {@link #spans}. */
  private List<Phase> marks() {
    List<Phase> marks = new ArrayList<>();
    Instant triggered = s.firstAlertAt != null ? s.firstAlertAt : s.detectedAt;
    if (triggered != null) {
      marks.add(new Phase("Triggered", triggered, null));
    }
    if (s.detectedAt != null) {
      marks.add(new Phase("Investigating", s.detectedAt, null));
    }
    boolean mitigating = false;
    boolean monitoring = false;
    Instant resolvedLimit = s.resolvedAt;
    for (TimelineEntry entry : facts.timeline()) {
      String event = entry.event() == null ? "" : entry.event();
      if (entry.at() == null || (resolvedLimit != null && entry.at().isAfter(resolvedLimit))) {
        continue;
      }
      if (event.startsWith("Diagnosis complete") || event.startsWith("Regression:")) {
        marks.add(new Phase("Mitigating", entry.at(), null));
        mitigating = true;
      } else if (event.startsWith("Mitigated:")) {
        marks.add(new Phase("Monitoring", entry.at(), null));
        monitoring = true;
      }
    }
    // A timeline without those texts (an older incident): the state's times still tell.
    DiagnosisReport diagnosis = facts.diagnosis();
    if (!mitigating
        && diagnosis != null
        && diagnosis.round() == 1
        && diagnosis.completedAt() != null) {
      marks.add(new Phase("Mitigating", diagnosis.completedAt(), null));
    }
    if (!monitoring && s.mitigatedAt != null) {
      marks.add(new Phase("Monitoring", s.mitigatedAt, null));
    }
    marks.sort(Comparator.comparing(p -> p.start));
    return marks;
  }

  /** Each phase runs to the next one's start, the last to the resolution; then the milestones. */
  private List<Phase> spans(List<Phase> marks) {
    List<Phase> spans = new ArrayList<>();
    for (int i = 0; i < marks.size(); i++) {
      Phase mark = marks.get(i);
      Instant end =
          i + 1 < marks.size()
              ? marks.get(i + 1).start
              : s.resolvedAt != null ? s.resolvedAt : lastTime();
      spans.add(
          new Phase(
              mark.name, mark.start, end == null || end.isBefore(mark.start) ? mark.start : end));
    }
    if (facts.restored() != null) {
      spans.add(new Phase("Restored", facts.restored(), null));
    }
    if (s.resolvedAt != null) {
      spans.add(new Phase("Resolved", s.resolvedAt, null));
    }
    return spans;
  }

  private Instant lastTime() {
    List<TimelineEntry> timeline = facts.timeline();
    for (int i = timeline.size() - 1; i >= 0; i--) {
      if (timeline.get(i).at() != null) {
        return timeline.get(i).at();
      }
    }
    return null;
  }
}
