package io.incidentresponse.activities.report;

import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runbook's "Monthly Incident Report" as Markdown: Summary (totals, P0 and P1 counts, average
 * MTTR, the time to recover, SLO compliance, plus MTTD, MTTA, the time to resolve and false
 * positives), MTBF per service, the weekly chart and its figures, Top Issues, Improvements Made
 * (with the action items done, open and overdue per kind, grouped as the runbook groups its
 * follow-up actions), Runbook Sections Changed (which section changed after which incident), Drills
 * (each drill incident scored against its targets; drills are in no other figure) and Focus Areas
 * for Next Month. Pure and deterministic: the same metrics give the same text, byte for byte (no
 * clock, maps sorted). Missing figures read "n/a".
 */
public final class MonthlyReportRenderer {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;
  private static final DateTimeFormatter OPENED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private MonthlyReportRenderer() {}

  /**
   * @param metrics the month's figures
   * @param chartFileName the chart's file name beside the Markdown (e.g. {@code
   *     2026-10-chart.png}), embedded as an image; null leaves the image out
   */
  public static String render(MonthlyMetrics metrics, String chartFileName) {
    StringBuilder md = new StringBuilder();
    String monthName =
        metrics.month().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
            + " "
            + metrics.month().getYear();
    md.append("# Monthly Incident Report - ").append(monthName).append("\n\n");

    md.append("## Summary\n");
    line(md, "Total Incidents: " + metrics.total());
    line(md, "P0 Incidents: " + count(metrics, Severity.P0));
    line(md, "P1 Incidents: " + count(metrics, Severity.P1));
    line(md, "Average MTTR: " + duration(metrics.mttrSeconds()));
    line(md, "SLO Compliance: " + percent(metrics.sloCompliance()));
    line(md, "P2 Incidents: " + count(metrics, Severity.P2));
    line(md, "P3 Incidents: " + count(metrics, Severity.P3));
    line(md, "Average MTTD: " + duration(metrics.mttdSeconds()));
    line(md, "Average MTTA: " + duration(metrics.mttaSeconds()));
    line(md, "Average Time to Resolve: " + duration(metrics.meanTimeToResolveSeconds()));
    line(md, "False Positives: " + metrics.falsePositives() + " (left out of every other figure)");
    md.append("\nMTTR is the time to recover: from detection to service restored (recovery")
        .append(" verified, the alerts resolved at their source, or marked mitigated by a person).")
        .append(" The time to resolve adds the clean monitoring window after it (twice the time to")
        .append(" mitigate). SLO compliance is")
        .append(" the share of incidents acknowledged within their severity's response time.")
        .append(" Month boundaries are in ")
        .append(metrics.zone() == null ? "UTC" : metrics.zone())
        .append(".\n\n");

    md.append("## Mean Time Between Failures\n");
    Map<String, Double> mtbf =
        metrics.mtbfSecondsByService() == null
            ? Map.of()
            : new TreeMap<>(metrics.mtbfSecondsByService());
    if (mtbf.isEmpty()) {
      md.append("n/a: no service had two incidents this month.\n\n");
    } else {
      md.append("| Service | MTBF |\n|---------|------|\n");
      mtbf.forEach(
          (service, seconds) ->
              md.append("| ")
                  .append(cell(service))
                  .append(" | ")
                  .append(duration(seconds))
                  .append(" |\n"));
      md.append('\n');
    }

    md.append("## Incidents and MTTR per Week\n");
    if (chartFileName != null) {
      md.append("![MTTR and incident count per week](").append(chartFileName).append(")\n\n");
    }
    List<MonthlyMetrics.Week> weeks = orEmpty(metrics.weeks());
    if (weeks.isEmpty()) {
      md.append("n/a: no weeks.\n\n");
    } else {
      md.append("| Week of | Incidents | MTTR |\n|---------|-----------|------|\n");
      for (MonthlyMetrics.Week week : weeks) {
        md.append("| ")
            .append(DAY.format(week.weekStart()))
            .append(" | ")
            .append(week.incidents())
            .append(" | ")
            .append(duration(week.mttrSeconds()))
            .append(" |\n");
      }
      md.append('\n');
    }

    md.append("## Top Issues\n");
    List<MonthlyMetrics.TypeCount> types = orEmpty(metrics.topTypes());
    if (types.isEmpty()) {
      md.append("No incidents this month.\n");
    } else {
      for (int i = 0; i < types.size(); i++) {
        MonthlyMetrics.TypeCount type = types.get(i);
        md.append(i + 1)
            .append(". ")
            .append(type.type())
            .append(" (")
            .append(type.count())
            .append(type.count() == 1 ? " incident" : " incidents")
            .append(")\n");
      }
    }
    md.append('\n');

    md.append("## Improvements Made\n");
    List<String> improvements = orEmpty(metrics.improvements());
    if (improvements.isEmpty()) {
      line(md, "No postmortem action item was completed this month.");
    } else {
      improvements.forEach(item -> line(md, item));
    }
    md.append("\nOpen action items from this month's incidents: ")
        .append(metrics.openActionItems())
        .append("\n\n");
    itemsByKind(md, orEmpty(metrics.actionItemsByKind()));
    runbookChanges(md, metrics);

    drills(md, metrics);

    md.append("## Focus Areas for Next Month\n");
    List<String> focus = orEmpty(metrics.focusAreas());
    if (focus.isEmpty()) {
      line(md, "Nothing stood out: keep the current practices.");
    } else {
      focus.forEach(area -> line(md, area));
    }
    return md.toString();
  }

  /**
   * Done, open and overdue per kind under the runbook's two groups, each group with its total; the
   * items without a kind last.
   */
  private static void itemsByKind(StringBuilder md, List<MonthlyMetrics.KindFigures> kinds) {
    if (kinds.isEmpty()) {
      return;
    }
    md.append("### Action Items by Kind\n")
        .append("Done: completed this month (any incident). Open: still open from this month's")
        .append(" incidents. Overdue: open and past their due date when this report was made (any")
        .append(" incident).\n\n")
        .append("| Group | Kind | Done | Open | Overdue |\n")
        .append("|-------|------|------|------|---------|\n");
    for (MonthlyMetrics.ItemGroup group : MonthlyMetrics.ItemGroup.values()) {
      List<MonthlyMetrics.KindFigures> ofGroup =
          kinds.stream().filter(k -> k.group() == group).toList();
      if (ofGroup.isEmpty()) {
        continue;
      }
      for (MonthlyMetrics.KindFigures kind : ofGroup) {
        kindRow(
            md, groupName(group), kindName(kind.kind()), kind.done(), kind.open(), kind.overdue());
      }
      if (group != MonthlyMetrics.ItemGroup.NONE) {
        kindRow(
            md,
            groupName(group),
            "**All " + groupName(group).toLowerCase(Locale.ROOT) + "**",
            ofGroup.stream().mapToInt(MonthlyMetrics.KindFigures::done).sum(),
            ofGroup.stream().mapToInt(MonthlyMetrics.KindFigures::open).sum(),
            ofGroup.stream().mapToInt(MonthlyMetrics.KindFigures::overdue).sum());
      }
    }
    md.append('\n');
  }

  private static void kindRow(
      StringBuilder md, String group, String kind, int done, int open, int overdue) {
    md.append("| ")
        .append(group)
        .append(" | ")
        .append(kind)
        .append(" | ")
        .append(done)
        .append(" | ")
        .append(open)
        .append(" | ")
        .append(overdue)
        .append(" |\n");
  }

  private static String groupName(MonthlyMetrics.ItemGroup group) {
    return switch (group) {
      case TECHNICAL -> "Technical";
      case PROCESS -> "Process";
      case NONE -> "No kind";
    };
  }

  /** The runbook's words for its follow-up actions. */
  static String kindName(ActionItemKind kind) {
    if (kind == null) {
      return "not given";
    }
    return switch (kind) {
      case CODE_CHANGE -> "Code fixes";
      case MONITORING -> "Monitoring enhancements";
      case TESTING -> "Testing improvements";
      case DOCUMENTATION -> "Documentation updates";
      case RUNBOOK_UPDATE -> "Runbook updates";
      case TRAINING -> "Training";
      case TOOL_IMPROVEMENT -> "Tool improvements";
      case COMMUNICATION -> "Communication";
    };
  }

  /** Which runbook section changed after which incident, in the order they were done. */
  private static void runbookChanges(StringBuilder md, MonthlyMetrics metrics) {
    md.append("## Runbook Sections Changed\n");
    List<MonthlyMetrics.RunbookChange> changes = orEmpty(metrics.runbookChanges());
    if (changes.isEmpty()) {
      md.append("No runbook section was changed after an incident this month.\n\n");
      return;
    }
    md.append("| Section | After incident | Service | Item | Change | Done | Link |\n")
        .append("|---------|----------------|---------|------|--------|------|------|\n");
    ZoneId zone = zone(metrics);
    for (MonthlyMetrics.RunbookChange change : changes) {
      md.append("| ")
          .append(change.section() == null ? "not named" : cell(change.section()))
          .append(" | ")
          .append(cell(change.incidentId()))
          .append(" | ")
          .append(cell(change.service()))
          .append(" | ")
          .append(cell(change.itemId()))
          .append(" | ")
          .append(cell(change.action()))
          .append(" | ")
          .append(change.doneAt() == null ? "n/a" : DAY.format(change.doneAt().atZone(zone)))
          .append(" | ")
          .append(change.link() == null ? "-" : cell(change.link()))
          .append(" |\n");
    }
    md.append('\n');
  }

  private static ZoneId zone(MonthlyMetrics metrics) {
    return metrics.zone() == null ? ZoneOffset.UTC : ZoneId.of(metrics.zone());
  }

  /** Each drill incident of the month: its times against their targets, and pass or fail. */
  private static void drills(StringBuilder md, MonthlyMetrics metrics) {
    md.append("## Drills\n");
    List<MonthlyMetrics.DrillScore> drills = orEmpty(metrics.drills());
    if (drills.isEmpty()) {
      md.append("No drill incident this month.\n\n");
      return;
    }
    long passed = drills.stream().filter(MonthlyMetrics.DrillScore::passed).count();
    md.append(passed)
        .append(" of ")
        .append(drills.size())
        .append(drills.size() == 1 ? " drill" : " drills")
        .append(" met every target. Drill incidents are in none of the figures above; each")
        .append(" time is shown as measured / target (acknowledgement: the severity's response")
        .append(" time).\n\n")
        .append("| Opened | Incident | Service | Severity | Detect | Acknowledge | Mitigate |")
        .append(" Result |\n")
        .append("|--------|----------|---------|----------|--------|-------------|----------|")
        .append("--------|\n");
    ZoneId zone = zone(metrics);
    for (MonthlyMetrics.DrillScore drill : drills) {
      md.append("| ")
          .append(
              drill.detectedAt() == null ? "n/a" : OPENED.format(drill.detectedAt().atZone(zone)))
          .append(" | ")
          .append(cell(drill.incidentId()))
          .append(" | ")
          .append(cell(drill.service()))
          .append(" | ")
          .append(drill.severity() == null ? "n/a" : drill.severity().name())
          .append(" | ")
          .append(against(drill.detectSeconds(), drill.detectTargetSeconds()))
          .append(" | ")
          .append(against(drill.acknowledgeSeconds(), drill.acknowledgeTargetSeconds()))
          .append(" | ")
          .append(against(drill.mitigateSeconds(), drill.mitigateTargetSeconds()))
          .append(" | ")
          .append(drill.passed() ? "PASS" : "FAIL")
          .append(" |\n");
    }
    md.append('\n');
  }

  /** {@code 10 min / 1 h 00 min}, {@code 40 min / 15 min (over)}, {@code not reached / 1 h}. */
  private static String against(Double seconds, Double target) {
    String measured = seconds == null ? "not reached" : duration(seconds);
    if (target == null) {
      return measured;
    }
    boolean over = seconds != null && seconds > target;
    return measured + " / " + duration(target) + (over ? " (over)" : "");
  }

  /**
   * A duration for people: {@code 45 s}, {@code 12 min}, {@code 1 h 05 min}, {@code 3 d 04 h};
   * {@code n/a} for null. Rounded to the unit shown last.
   */
  public static String duration(Double seconds) {
    if (seconds == null || seconds.isNaN() || seconds < 0) {
      return "n/a";
    }
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    long minutes = Math.round(seconds / 60);
    if (minutes < 60) {
      return minutes + " min";
    }
    if (minutes < 24 * 60) {
      return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }
    long hours = Math.round(seconds / 3600);
    return String.format(Locale.ROOT, "%d d %02d h", hours / 24, hours % 24);
  }

  /** {@code 0.9166} as {@code 91.7%}; {@code n/a} for null. */
  public static String percent(Double share) {
    return share == null || share.isNaN()
        ? "n/a"
        : String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static int count(MonthlyMetrics metrics, Severity severity) {
    if (metrics.bySeverity() == null) {
      return 0;
    }
    Integer count = metrics.bySeverity().get(severity);
    return count == null ? 0 : count;
  }

  private static void line(StringBuilder md, String text) {
    md.append("- ").append(text).append('\n');
  }

  private static String cell(String text) {
    // a line break would end the table row
    return text == null ? "n/a" : text.replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
