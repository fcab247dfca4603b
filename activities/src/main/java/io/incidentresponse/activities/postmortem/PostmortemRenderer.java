package io.incidentresponse.activities.postmortem;

import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisReport;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.diagnosis.Hypothesis;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.postmortem.ActionItem;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Renders the runbook's blameless postmortem template as Markdown from an incident's record: the
 * facts (timeline, diagnosis, actions, times, impact) are filled in, and what only people can say
 * is marked {@value #TO_COMPLETE}. Pure: the same incident, items and settings always give the same
 * text (no clock is read), so a re-draft of an unchanged incident changes nothing.
 */
public final class PostmortemRenderer {
  /** Marks what the review must write. */
  public static final String TO_COMPLETE = "_To be completed in the review_";

  /** Longest text in one table cell; a longer one is cut with an ellipsis. */
  static final int MAX_CELL = 400;

  /** A month of error budget, as the closure's impact assessment counts it. */
  private static final Duration BUDGET_PERIOD = Duration.ofDays(30);

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

  private final ZoneId zone;
  private final PostmortemDocumentSettings settings;
  private final DateTimeFormatter clock;
  private final DateTimeFormatter dayAndClock;
  private final DateTimeFormatter full;
  private final DateTimeFormatter gantt;

  public PostmortemRenderer(ZoneId zone, PostmortemDocumentSettings settings) {
    // ZoneOffset.UTC prints as "Z"; people read "UTC".
    this.zone = zone == null || zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
    this.settings = settings == null ? PostmortemDocumentSettings.defaults() : settings;
    this.clock = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(this.zone);
    this.dayAndClock = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(this.zone);
    this.full = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT).withZone(this.zone);
    this.gantt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(this.zone);
  }

  public ZoneId zone() {
    return zone;
  }

  /** The whole document; {@code actionItems} may be empty (the first draft). */
  public String render(IncidentState incident, List<ActionItem> actionItems) {
    Document doc = new Document(incident, actionItems == null ? List.of() : actionItems);
    StringBuilder out = new StringBuilder();
    doc.header(out);
    doc.summary(out);
    doc.timeline(out);
    doc.rootCause(out);
    doc.impact(out);
    doc.wentWell(out);
    doc.wentPoorly(out);
    doc.actionItems(out);
    doc.lessons(out);
    doc.phases(out);
    return out.toString();
  }

  /** One rendering: the incident and what is derived from it once. */
  private final class Document {
    private final IncidentState s;
    private final List<ActionItem> items;
    private final List<TimelineEntry> timeline;
    private final DiagnosisReport diagnosis;
    private final Hypothesis top;

    /** When service came back; null when not yet, or not recorded (an older incident). */
    private final Instant restored;

    /** Detection to restoration; to resolution for an older incident without one; or null. */
    private final Duration downtime;

    Document(IncidentState incident, List<ActionItem> items) {
      this.s = incident;
      this.items = items;
      this.timeline = incident.timeline == null ? List.of() : incident.timeline;
      this.diagnosis = incident.diagnosis;
      this.top =
          diagnosis == null || diagnosis.hypotheses().isEmpty()
              ? null
              : diagnosis.hypotheses().get(0);
      // Service cannot come back after the incident was resolved (as the monthly metrics count it).
      this.restored =
          incident.detectedAt == null || incident.restoredAt == null
              ? null
              : incident.resolvedAt != null && incident.restoredAt.isAfter(incident.resolvedAt)
                  ? incident.resolvedAt
                  : incident.restoredAt;
      // From the times the document shows when it has them, so its lines agree with each other.
      this.downtime =
          restored != null
              ? between(incident.detectedAt, restored)
              : incident.downtime != null
                  ? incident.downtime
                  : incident.detectedAt != null && incident.resolvedAt != null
                      ? between(incident.detectedAt, incident.resolvedAt)
                      : null;
    }

    // ------------------------------------------------------------------ header and summary

    void header(StringBuilder out) {
      out.append("# Incident Post-Mortem: ").append(line(orDash(s.title))).append("\n\n");
      out.append(
          "> Blameless draft written from the incident's record: the timeline, the diagnosis and"
              + " the actions. Parts marked "
              + TO_COMPLETE
              + " are for the people in the review. We look for what in our systems and"
              + " processes allowed this, never for someone to blame.\n\n");
    }

    void summary(StringBuilder out) {
      out.append("## Summary\n");
      Instant date = s.detectedAt != null ? s.detectedAt : s.firstAlertAt;
      out.append("- **Date**: ").append(date == null ? "unknown" : full.format(date));
      if (s.firstAlertAt != null && s.detectedAt != null && s.firstAlertAt.isBefore(s.detectedAt)) {
        out.append(" (first alert condition at ").append(clockOf(s.firstAlertAt)).append(')');
      }
      out.append('\n');
      out.append("- **Duration**: ").append(durationLine()).append('\n');
      out.append("- **Impact**: ").append(impactLine()).append('\n');
      out.append("- **Root Cause**: ");
      if (top != null) {
        out.append(line(top.cause()))
            .append(": ")
            .append(line(top.explanation()))
            .append(" _(from the diagnosis, confidence ")
            .append(top.confidence())
            .append("/100; to be confirmed in the review)_\n");
      } else {
        out.append("not identified by the diagnosis. ").append(TO_COMPLETE).append('\n');
      }
      out.append("- **Incident**: `").append(line(s.incidentId)).append('`');
      if (s.commander() != null) {
        out.append(", commander ").append(line(s.commander()));
      }
      if (s.channel != null && s.channel.name() != null) {
        out.append(", channel #").append(line(s.channel.name()));
      }
      out.append("\n\n");
    }

    /**
     * Downtime to the restoration, then the resolution after the monitoring window: {@code Downtime
     * 40m (detected 14:00, restored 14:40); resolved after 2h (40m outage + 80m monitoring, 2x)}.
     */
    private String durationLine() {
      if (restored != null) {
        return "Downtime "
            + duration(downtime)
            + " (detected "
            + clockOf(s.detectedAt)
            + ", restored "
            + clockOf(restored)
            + "); "
            + (s.resolvedAt == null
                ? "not resolved when this draft was written"
                : "resolved after "
                    + duration(between(s.detectedAt, s.resolvedAt))
                    + monitoringBreakdown());
      }
      if (downtime != null) {
        return "Downtime "
            + duration(downtime)
            + " (detected "
            + clockOf(s.detectedAt)
            + ", resolved "
            + clockOf(s.resolvedAt)
            + "; the restoration time was not recorded, so this runs to the resolution)";
      }
      return "ongoing: service was not restored when this draft was written";
    }

    /**
     * {@code " (40m outage + 80m monitoring, 2x)"}: detection to the start of the last monitoring
     * window ("outage" when service came back then, else "to mitigation": the alerts may have ended
     * earlier), and the window; "2x" when it was twice the time before it, as the runbook asks (a
     * minimum window or a resolution by hand makes it otherwise). Empty without a window.
     */
    private String monitoringBreakdown() {
      Instant from = s.mitigatedAt;
      if (from == null || from.isBefore(s.detectedAt) || !from.isBefore(s.resolvedAt)) {
        return "";
      }
      Duration before = between(s.detectedAt, from);
      Duration window = between(from, s.resolvedAt);
      return " ("
          + duration(before)
          + (from.equals(restored) ? " outage" : " to mitigation")
          + " + "
          + duration(window)
          + " monitoring"
          + (window.equals(before.multipliedBy(2)) ? ", 2x" : "")
          + ")";
    }

    private String impactLine() {
      StringBuilder text = new StringBuilder();
      text.append(s.severity == null ? "Severity unknown" : s.severity.name());
      if (s.impact != null) {
        text.append(", ").append(s.impact.name()).append(" impact");
      }
      text.append(" on ").append(line(orDash(s.service)));
      if (s.namespace != null && !s.namespace.isBlank()) {
        text.append(" (namespace ").append(line(s.namespace)).append(')');
      }
      if (s.impact != null) {
        text.append(": ").append(s.impact.userImpact());
      }
      if (s.usersAffected != null) {
        text.append("; ").append(count(s.usersAffected)).append(" users affected");
      }
      return text.toString();
    }

    // ------------------------------------------------------------------ timeline

    void timeline(StringBuilder out) {
      out.append("## Timeline\n");
      out.append("All times ").append(zoneName()).append(".\n\n");
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
        TimelineEntry entry = timeline.get(i);
        kept++;
        out.append("| ")
            .append(
                entry.at() == null
                    ? ""
                    : multiDay ? dayAndClock.format(entry.at()) : clockOf(entry.at()))
            .append(" | ")
            .append(cell(eventWithActor(entry)))
            .append(" | ")
            .append(cell(entry.actionTaken()))
            .append(" |\n");
      }
      if (skipped > 0) {
        out.append("| … | _").append(skipped).append(" routine entries left out_ | |\n");
      }
      if (timeline.isEmpty()) {
        out.append("| | _The incident recorded no timeline._ | |\n");
      }
      if (kept < timeline.size()) {
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
      out.append('\n');
    }

    private boolean[] keptRows() {
      int n = timeline.size();
      boolean[] keep = new boolean[n];
      if (n <= settings.timelineMaxRows()) {
        java.util.Arrays.fill(keep, true);
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
    private boolean isKey(TimelineEntry entry, List<Pattern> actionIds) {
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
        LocalDate day = entry.at().atZone(zone).toLocalDate();
        if (first == null) {
          first = day;
        } else if (!first.equals(day)) {
          return true;
        }
      }
      return false;
    }

    private String eventWithActor(TimelineEntry entry) {
      String actor = entry.actor();
      boolean person =
          actor != null
              && !actor.isBlank()
              && !TimelineEntry.SYSTEM.equals(actor)
              && !TimelineEntry.POLICY.equals(actor);
      return orEmpty(entry.event()) + (person ? " (by " + actor.trim() + ")" : "");
    }

    // ------------------------------------------------------------------ root cause

    void rootCause(StringBuilder out) {
      out.append("## Root Cause Analysis\n");
      out.append("### What Happened\n");
      if (diagnosis == null) {
        out.append("No automated diagnosis ran for this incident.\n\n");
      } else {
        out.append("The diagnosis (round ")
            .append(diagnosis.round())
            .append(", ")
            .append(clockOf(diagnosis.completedAt()))
            .append(") found ")
            .append(diagnosis.summary())
            .append(":\n");
        for (Finding finding : diagnosis.findings()) {
          if (finding.outcome() != FindingOutcome.ANOMALY) {
            continue;
          }
          out.append("- **").append(probe(finding.probe())).append("**: ");
          out.append(line(finding.summary())).append('\n');
          for (String evidence : finding.evidence()) {
            out.append("  - ").append(line(evidence)).append('\n');
          }
        }
        List<String> healthy = probes(FindingOutcome.HEALTHY);
        if (!healthy.isEmpty()) {
          out.append("- Healthy: ").append(String.join(", ", healthy)).append('\n');
        }
        List<Finding> unavailable = unavailable();
        if (!unavailable.isEmpty()) {
          out.append("- Could not look: ").append(describe(unavailable)).append('\n');
        }
        out.append('\n');
      }
      mitigations(out);
      out.append(TO_COMPLETE).append(": the detailed explanation of what went wrong.\n\n");

      out.append("### Why It Happened\n");
      if (top != null) {
        out.append("Most likely cause from the diagnosis (to be confirmed): **")
            .append(line(top.cause()))
            .append("** (confidence ")
            .append(top.confidence())
            .append("/100): ")
            .append(line(top.explanation()))
            .append('\n');
        for (String evidence : top.evidence()) {
          out.append("- ").append(line(evidence)).append('\n');
        }
        List<Hypothesis> others = diagnosis.hypotheses().subList(1, diagnosis.hypotheses().size());
        if (!others.isEmpty()) {
          out.append("\nOther candidates the diagnosis considered:\n");
          for (Hypothesis other : others) {
            out.append("- ")
                .append(line(other.cause()))
                .append(" (")
                .append(other.confidence())
                .append("/100): ")
                .append(line(other.explanation()))
                .append('\n');
          }
        }
        out.append('\n');
      }
      out.append(TO_COMPLETE)
          .append(": the contributing factors and root causes, in systems and processes.\n\n");

      out.append("### Why We Didn't Catch It\n");
      List<String> facts = new ArrayList<>();
      if (s.firstAlertAt != null && s.detectedAt != null) {
        facts.add(
            "The first alert condition began at "
                + clockOf(s.firstAlertAt)
                + "; the incident was opened "
                + duration(Duration.between(s.firstAlertAt, s.detectedAt))
                + " later, at "
                + clockOf(s.detectedAt)
                + ".");
      }
      String change = changeBeforeAlert();
      if (change != null) {
        facts.add(change);
      }
      List<Finding> unavailable = unavailable();
      if (!unavailable.isEmpty()) {
        facts.add(
            unavailable.size()
                + (unavailable.size() == 1 ? " diagnosis probe" : " diagnosis probes")
                + " could not look ("
                + describe(unavailable)
                + "): a gap in what we can see during an incident.");
      }
      for (String fact : facts) {
        out.append("- ").append(fact).append('\n');
      }
      if (!facts.isEmpty()) {
        out.append('\n');
      }
      out.append(TO_COMPLETE)
          .append(
              ": the prevention mechanisms (tests, canary analysis, alerts, reviews) that failed"
                  + " or were missing.\n\n");
    }

    private void mitigations(StringBuilder out) {
      if (s.actions == null || s.actions.isEmpty()) {
        return;
      }
      out.append("Mitigations:\n");
      for (MitigationAction action : s.actions) {
        out.append("- `").append(line(action.id())).append("` ");
        out.append(action.proposal() == null ? "" : line(action.proposal().describe()));
        out.append(": ").append(status(action.status()));
        if (action.finishedAt() != null
            && (action.status() == ActionStatus.SUCCEEDED
                || action.status() == ActionStatus.FAILED)) {
          out.append(" at ").append(clockOf(action.finishedAt()));
        }
        if (action.decidedBy() != null) {
          out.append(
              TimelineEntry.POLICY.equals(action.decidedBy())
                  ? " (ran without approval under the policy)"
                  : action.status() == ActionStatus.REJECTED
                      ? " (rejected by " + line(action.decidedBy()) + ")"
                      : " (approved by " + line(action.decidedBy()) + ")");
        }
        if (action.outcome() != null && !action.outcome().isBlank()) {
          out.append(": ").append(line(action.outcome()));
        }
        out.append('\n');
      }
      out.append('\n');
    }

    /** A deploy seen by the diagnosis before the first alert, in words; or null. */
    private String changeBeforeAlert() {
      if (diagnosis == null || s.firstAlertAt == null) {
        return null;
      }
      for (Finding finding : diagnosis.findings()) {
        String at = finding.fact(FindingFacts.ROLLOUT_AT);
        String revision = finding.fact(FindingFacts.ROLLOUT_REVISION);
        if (at == null) {
          at = finding.fact(FindingFacts.CHANGE_AT);
          revision = finding.fact(FindingFacts.CHANGE_REVISION);
        }
        Instant changed = instant(at);
        if (changed != null && !changed.isAfter(s.firstAlertAt)) {
          return "A change reached production at "
              + clockOf(changed)
              + (revision == null ? "" : " (revision " + line(revision) + ")")
              + ", "
              + duration(Duration.between(changed, s.firstAlertAt))
              + " before the first alert condition; nothing between the deploy and the users"
              + " stopped it.";
        }
      }
      return null;
    }

    private List<String> probes(FindingOutcome outcome) {
      List<String> names = new ArrayList<>();
      for (Finding finding : diagnosis.findings()) {
        if (finding.outcome() == outcome) {
          names.add(probe(finding.probe()));
        }
      }
      return names;
    }

    private List<Finding> unavailable() {
      if (diagnosis == null) {
        return List.of();
      }
      return diagnosis.findings().stream()
          .filter(f -> f.outcome() == FindingOutcome.UNAVAILABLE)
          .toList();
    }

    private String describe(List<Finding> findings) {
      List<String> parts = new ArrayList<>();
      for (Finding finding : findings) {
        parts.add(
            probe(finding.probe())
                + (finding.summary() == null || finding.summary().isBlank()
                    ? ""
                    : ": " + line(finding.summary())));
      }
      return String.join("; ", parts);
    }

    // ------------------------------------------------------------------ impact

    void impact(StringBuilder out) {
      out.append("## Impact Assessment\n");
      out.append("- **Users Affected**: ");
      if (s.usersAffected != null) {
        out.append(count(s.usersAffected));
        if (s.usersAffectedSource != null && !s.usersAffectedSource.isBlank()) {
          out.append(" (source: ").append(line(s.usersAffectedSource)).append(')');
        }
        out.append('\n');
      } else {
        out.append("unknown: no query or alert reported it. ").append(TO_COMPLETE).append('\n');
      }
      out.append("- **Downtime**: ");
      if (restored != null) {
        out.append(duration(downtime))
            .append(" (from detection at ")
            .append(clockOf(s.detectedAt))
            .append(" to service restored at ")
            .append(clockOf(restored))
            .append(")\n");
      } else if (downtime != null) {
        out.append(duration(downtime))
            .append(" (from detection at ")
            .append(clockOf(s.detectedAt))
            .append(" to resolution at ")
            .append(clockOf(s.resolvedAt))
            .append(": the restoration time was not recorded)\n");
      } else {
        out.append("unknown: service was not restored when this draft was written\n");
      }
      out.append("- **Revenue Impact**: ");
      if (settings.revenuePerHour() != null && downtime != null) {
        BigDecimal lost =
            settings
                .revenuePerHour()
                .multiply(BigDecimal.valueOf(downtime.getSeconds()))
                .divide(BigDecimal.valueOf(3600), 0, RoundingMode.HALF_UP);
        out.append("about ")
            .append(money(lost))
            .append(" (")
            .append(duration(downtime))
            .append(" at ")
            .append(money(settings.revenuePerHour()))
            .append(" per hour of downtime, a configured estimate)\n");
      } else if (settings.revenuePerHour() != null) {
        out.append("not estimated yet: service was not restored when this draft was written\n");
      } else {
        out.append("not estimated: no revenue per hour is configured. ")
            .append(TO_COMPLETE)
            .append(" if it applies\n");
      }
      out.append("- **SLO Impact**: ").append(sloLine()).append("\n\n");
    }

    private String sloLine() {
      Double target = settings.sloTarget();
      Double burned = s.errorBudgetBurned;
      boolean estimated = false;
      if (burned == null && target != null && downtime != null) {
        double budgetSeconds = (1 - target) * BUDGET_PERIOD.getSeconds();
        burned = downtime.getSeconds() / budgetSeconds;
        estimated = true;
      }
      if (burned == null && target != null) {
        return "unknown yet (SLO "
            + percent(target)
            + "): service was not restored when this draft was written";
      }
      if (burned == null) {
        return "unknown: no SLO is configured. " + TO_COMPLETE + " if an SLO applies";
      }
      StringBuilder text =
          new StringBuilder(String.format(Locale.ROOT, "%.1f%%", burned * 100))
              .append(" of the month's error budget burned");
      if (target != null) {
        text.append(" (SLO ").append(percent(target)).append(')');
      }
      if (estimated) {
        text.append(", estimated from the downtime against a 30-day budget");
      }
      if (burned >= 1) {
        text.append(": the SLO is breached for the month");
      }
      return text.toString();
    }

    // ------------------------------------------------------------------ went well / poorly

    void wentWell(StringBuilder out) {
      out.append("## What Went Well\n");
      List<String> lines = new ArrayList<>();
      Duration responseTime = s.severity == null ? null : settings.responseTimes().get(s.severity);
      if (s.acknowledgedAt != null && s.detectedAt != null) {
        Duration took = Duration.between(s.detectedAt, s.acknowledgedAt);
        if (responseTime == null) {
          lines.add(
              "Acknowledged "
                  + duration(took)
                  + " after detection ("
                  + s.severity
                  + " has no fixed response time).");
        } else if (took.compareTo(responseTime) <= 0) {
          lines.add(
              "Acknowledged "
                  + duration(took)
                  + " after detection, within the "
                  + s.severity
                  + " response time of "
                  + duration(responseTime)
                  + ".");
        }
      }
      if (s.acknowledgedAt != null && s.escalationLevel == 0 && !s.escalationExhausted) {
        lines.add("The first on-call level acknowledged the page; no escalation was needed.");
      }
      if (top != null && diagnosis.completedAt() != null && s.detectedAt != null) {
        lines.add(
            "The automated diagnosis ranked \""
                + line(top.cause())
                + "\" first, "
                + duration(Duration.between(s.detectedAt, diagnosis.completedAt()))
                + " after detection.");
      }
      for (MitigationAction action : actions(ActionStatus.SUCCEEDED)) {
        StringBuilder text = new StringBuilder("`").append(line(action.id())).append("` succeeded");
        if (action.finishedAt() != null) {
          text.append(" at ").append(clockOf(action.finishedAt()));
        }
        if (TimelineEntry.POLICY.equals(action.decidedBy())) {
          text.append(", run without waiting for approval as the policy allows");
        } else if (action.decidedAt() != null && action.finishedAt() != null) {
          text.append(", ")
              .append(duration(Duration.between(action.decidedAt(), action.finishedAt())))
              .append(" after its approval");
        }
        lines.add(text.append('.').toString());
      }
      if (s.mitigatedAt != null && s.reopenCount == 0 && s.resolvedAt != null) {
        lines.add("No regression during the monitoring window.");
      }
      if (s.updatesPosted > 0) {
        lines.add(
            s.updatesPosted
                + (s.updatesPosted == 1 ? " internal status update" : " internal status updates")
                + " posted on the "
                + s.severity
                + " cadence.");
      }
      bullets(out, lines, "the tools and responses that helped.");
    }

    void wentPoorly(StringBuilder out) {
      out.append("## What Went Poorly\n");
      List<String> lines = new ArrayList<>();
      Duration responseTime = s.severity == null ? null : settings.responseTimes().get(s.severity);
      if (s.acknowledgedAt == null) {
        lines.add(
            "The page was never acknowledged: paging or on-call coverage did not work as"
                + " intended.");
      } else if (s.detectedAt != null && responseTime != null) {
        Duration took = Duration.between(s.detectedAt, s.acknowledgedAt);
        if (took.compareTo(responseTime) > 0) {
          lines.add(
              "The page was acknowledged "
                  + duration(took)
                  + " after detection, beyond the "
                  + s.severity
                  + " response time of "
                  + duration(responseTime)
                  + ".");
        }
      }
      if (s.escalationExhausted) {
        lines.add(
            "Every escalation level was paged without an acknowledgement; leadership was told"
                + " the incident had no owner.");
      } else if (s.escalationLevel > 0) {
        lines.add(
            "The page escalated "
                + s.escalationLevel
                + (s.escalationLevel == 1 ? " level" : " levels")
                + " before it was acknowledged.");
      }
      if (diagnosis == null) {
        lines.add("No automated diagnosis ran.");
      } else if (!unavailable().isEmpty()) {
        lines.add("The diagnosis could not look everywhere: " + describe(unavailable()) + ".");
      }
      for (MitigationAction action : actions(ActionStatus.FAILED)) {
        lines.add(
            "`"
                + line(action.id())
                + "` failed"
                + (action.outcome() == null ? "" : ": " + line(action.outcome()))
                + ".");
      }
      if (s.reopenCount > 0) {
        lines.add(
            "The incident regressed during monitoring "
                + (s.reopenCount == 1 ? "once" : s.reopenCount + " times")
                + " and mitigation was reopened.");
      }
      bullets(out, lines, "areas for improvement, and the responses or tools that did not help.");
    }

    private List<MitigationAction> actions(ActionStatus status) {
      return s.actions == null
          ? List.of()
          : s.actions.stream().filter(a -> a.status() == status).toList();
    }

    private void bullets(StringBuilder out, List<String> lines, String prompt) {
      for (String text : lines) {
        out.append("- ").append(text).append('\n');
      }
      out.append("- ").append(TO_COMPLETE).append(": ").append(prompt).append("\n\n");
    }

    // ------------------------------------------------------------------ action items, lessons

    void actionItems(StringBuilder out) {
      out.append("## Action Items\n");
      out.append("| Action | Owner | Due Date | Status |\n");
      out.append("|--------|-------|----------|--------|\n");
      List<String> unassigned = new ArrayList<>();
      for (ActionItem item : items) {
        String action =
            (item.id() == null || item.id().isBlank() ? "" : item.id() + ": ")
                + orEmpty(item.action());
        out.append("| ")
            .append(cell(action))
            .append(" | ")
            .append(item.owner() == null || item.owner().isBlank() ? "TBD" : cell(item.owner()))
            .append(" | ")
            .append(item.dueDate() == null ? "TBD" : item.dueDate().toString())
            .append(" | ")
            .append(itemStatus(item.status()))
            .append(" |\n");
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

    void lessons(StringBuilder out) {
      out.append("## Lessons Learned\n");
      out.append("- ").append(TO_COMPLETE).append(": key takeaways.\n");
      out.append("- ").append(TO_COMPLETE).append(": process improvements.\n");
      out.append("- ").append(TO_COMPLETE).append(": technical improvements.\n\n");
    }

    // ------------------------------------------------------------------ gantt

    void phases(StringBuilder out) {
      List<Phase> phases = phaseSpans();
      if (phases.isEmpty()) {
        return;
      }
      out.append("## Phases\n");
      out.append("```mermaid\n");
      out.append("gantt\n");
      out.append("    title Incident phases (").append(zoneName()).append(")\n");
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
              .append(gantt.format(phase.start))
              .append(", 0m\n");
        } else {
          out.append("done, ")
              .append(uniqueId)
              .append(", ")
              .append(gantt.format(phase.start))
              .append(", ")
              .append(gantt.format(phase.end))
              .append('\n');
        }
      }
      out.append("```\n");
    }

    /**
     * The phases in order, from the state's times and the timeline's phase changes (a regression
     * gives a second Mitigating and Monitoring). Phases never reached are absent; Resolved is a
     * milestone.
     */
    private List<Phase> phaseSpans() {
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
      for (TimelineEntry entry : timeline) {
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
      if (!mitigating
          && diagnosis != null
          && diagnosis.round() == 1
          && diagnosis.completedAt() != null) {
        marks.add(new Phase("Mitigating", diagnosis.completedAt(), null));
      }
      if (!monitoring && s.mitigatedAt != null) {
        marks.add(new Phase("Monitoring", s.mitigatedAt, null));
      }
      marks.sort(java.util.Comparator.comparing(p -> p.start));
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
      if (restored != null) {
        spans.add(new Phase("Restored", restored, null));
      }
      if (s.resolvedAt != null) {
        spans.add(new Phase("Resolved", s.resolvedAt, null));
      }
      return spans;
    }

    private Instant lastTime() {
      for (int i = timeline.size() - 1; i >= 0; i--) {
        if (timeline.get(i).at() != null) {
          return timeline.get(i).at();
        }
      }
      return null;
    }
  }

  private record Phase(String name, Instant start, Instant end) {}

  // -------------------------------------------------------------------- formatting

  private String clockOf(Instant at) {
    return at == null ? "-" : clock.format(at);
  }

  private String zoneName() {
    return zone.getId();
  }

  /** A table cell: one line, {@code |} escaped, newlines as {@code <br>}, bounded. */
  static String cell(String text) {
    if (text == null) {
      return "";
    }
    String value = text.strip().replace("\r\n", "\n").replace('\r', '\n');
    if (value.length() > MAX_CELL) {
      value = value.substring(0, MAX_CELL - 1) + "…";
    }
    return value.replace("|", "\\|").replace("\n", "<br>");
  }

  /** Inline text in a list or heading: one line. */
  static String line(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /** From {@code from} to {@code to}, never negative. */
  private static Duration between(Instant from, Instant to) {
    Duration duration = Duration.between(from, to);
    return duration.isNegative() ? Duration.ZERO : duration;
  }

  /** {@code 45s}, {@code 40m}, {@code 1h 5m}, {@code 2d 3h}, as the incident's own texts. */
  static String duration(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return hours + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m");
    }
    return hours / 24 + "d" + (hours % 24 == 0 ? "" : " " + hours % 24 + "h");
  }

  private String money(BigDecimal amount) {
    BigDecimal rounded = amount.setScale(0, RoundingMode.HALF_UP);
    return String.format(Locale.ROOT, "%,d", rounded.longValueExact()) + " " + settings.currency();
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String percent(double ratio) {
    return BigDecimal.valueOf(ratio).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }

  private static String probe(DiagnosisProbe probe) {
    if (probe == null) {
      return "Unknown probe";
    }
    String words = probe.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private static String status(ActionStatus status) {
    return status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String itemStatus(ActionItemStatus status) {
    if (status == null) {
      return "Open";
    }
    return switch (status) {
      case OPEN -> "Open";
      case IN_PROGRESS -> "In progress";
      case DONE -> "Done";
      case WONT_DO -> "Won't do";
    };
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  private static String orDash(String text) {
    return text == null || text.isBlank() ? "-" : text;
  }
}
