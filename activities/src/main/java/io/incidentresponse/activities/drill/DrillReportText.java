package io.incidentresponse.activities.drill;

import io.incidentresponse.workflows.HumanDuration;
import io.incidentresponse.workflows.drill.DrillIncident;
import io.incidentresponse.workflows.drill.DrillMeasure;
import io.incidentresponse.workflows.drill.DrillScore;
import io.incidentresponse.workflows.drill.DrillState;
import io.incidentresponse.workflows.incident.TimelineEntry;

/** The drill report in Markdown. Pure: the same state gives the same text. */
final class DrillReportText {
  private DrillReportText() {}

  static String render(DrillState s) {
    StringBuilder md = new StringBuilder();
    md.append("# Drill: ").append(s.scenario).append(" on ").append(s.service).append("\n\n");
    if (s.dryRun) {
      md.append("> DRY RUN: nothing was changed.\n\n");
    }
    md.append("| | |\n|---|---|\n");
    row(md, "Drill", s.drillId);
    row(md, "Service", s.namespace + "/" + s.service);
    row(md, "Scenario", s.scenario);
    row(md, "Fault", s.injection == null ? "none injected" : s.injection.description());
    row(md, "Run by", s.startedBy);
    row(md, "Reason", s.reason);
    row(md, "Started", s.startedAt);
    row(md, "Injected", s.injectedAt);
    row(md, "Planned end", s.plannedEndAt);
    row(md, "Reverted", s.revertedAt);
    row(md, "Ended because", s.endReason == null ? null : label(s.endReason.name()));
    row(md, "Detail", s.endDetail);
    row(
        md,
        "Stop-condition checks",
        s.checks + (s.lastCheck == null ? "" : ", last: " + s.lastCheck));
    md.append("\n## Score\n\n");
    score(md, s.score);
    md.append("\n## Incidents during the drill\n\n");
    if (s.incidents.isEmpty()) {
      md.append("None.\n");
    }
    for (DrillIncident i : s.incidents) {
      md.append("- ")
          .append(i.incidentId())
          .append(" (")
          .append(i.severity())
          .append(", opened ")
          .append(i.openedAt())
          .append(i.drill() ? ", the drill's" : ", REAL")
          .append(")\n");
    }
    md.append("\n## Timeline\n\n| Time | Who | Event | Action |\n|---|---|---|---|\n");
    for (TimelineEntry e : s.timeline) {
      md.append("| ")
          .append(e.at())
          .append(" | ")
          .append(cell(e.actor()))
          .append(" | ")
          .append(cell(e.event()))
          .append(" | ")
          .append(cell(e.actionTaken()))
          .append(" |\n");
    }
    return md.toString();
  }

  private static void score(StringBuilder md, DrillScore score) {
    if (score == null) {
      md.append("Not scored: no fault was injected.\n");
      return;
    }
    if (!score.detected()) {
      md.append("**Not detected**: no incident opened while the fault was in.\n");
      return;
    }
    md.append("Incident ")
        .append(score.incidentId())
        .append(" (")
        .append(score.severity())
        .append("): ")
        .append(score.met())
        .append(" of ")
        .append(score.measures().size())
        .append(" targets met.\n\n| Step | Took | Target | Met |\n|---|---|---|---|\n");
    for (DrillMeasure m : score.measures()) {
      md.append("| ")
          .append(m.step())
          .append(" | ")
          .append(m.took() == null ? "did not happen" : HumanDuration.format(m.took()))
          .append(" | ")
          .append(m.target() == null ? "none" : HumanDuration.format(m.target()))
          .append(" | ")
          .append(m.met() ? "yes" : "no")
          .append(" |\n");
    }
    if (score.problem() != null) {
      md.append("\nThe incident's times could not all be read: ")
          .append(score.problem())
          .append('\n');
    }
  }

  private static void row(StringBuilder md, String name, Object value) {
    md.append("| ").append(name).append(" | ").append(value == null ? "-" : cell(value.toString()));
    md.append(" |\n");
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  private static String label(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
