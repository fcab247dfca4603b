package io.incidentresponse.workflows.metrics;

import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * The runbook's metrics over one calendar month (in the report's zone). Durations are seconds; null
 * when there is nothing to average. False positives are left out of every figure except {@link
 * #falsePositives()}; drills are left out of every figure except {@link #drills()}.
 *
 * @param month the month
 * @param zone the zone the month's boundaries are in, e.g. {@code UTC}
 * @param total incidents detected in the month
 * @param bySeverity incidents by severity (every severity present, 0 when none)
 * @param falsePositives incidents closed as false positives
 * @param mttdSeconds mean time to detect: first alert to detection
 * @param mttaSeconds mean time to acknowledge: detection to acknowledgement
 * @param mttrSeconds mean time to recover (the runbook's MTTR): detection to service restored
 *     ({@link IncidentSummary#restoredAt()}; the resolution for incidents recorded without it),
 *     over the incidents restored or resolved
 * @param meanTimeToResolveSeconds mean time to resolve: detection to resolution, which comes after
 *     the clean monitoring window (twice the time to mitigate), over the resolved incidents
 * @param mtbfSecondsByService mean time between failures per service: mean gap between the
 *     detections of consecutive incidents of that service (services with at least two)
 * @param sloCompliance share of incidents acknowledged within their response time (0..1), or null
 * @param topTypes the most frequent incident types, most frequent first (at most 5)
 * @param improvements action items done in the month, one line each
 * @param openActionItems action items still open from the month's incidents
 * @param weeks one point per week (weeks start on Monday) that overlaps the month
 * @param focusAreas what to work on next, derived from the figures (one line each)
 * @param drills the month's drill incidents, scored, in detection order
 * @param actionItemsByKind action items done, open and overdue per kind, the runbook's technical
 *     kinds first, then the process ones, then items without a kind (only when there are any)
 * @param runbookChanges the runbook sections changed in the month: {@code RUNBOOK_UPDATE} items
 *     done in it, in the order they were done
 */
public record MonthlyMetrics(
    YearMonth month,
    String zone,
    int total,
    Map<Severity, Integer> bySeverity,
    int falsePositives,
    Double mttdSeconds,
    Double mttaSeconds,
    Double mttrSeconds,
    Double meanTimeToResolveSeconds,
    Map<String, Double> mtbfSecondsByService,
    Double sloCompliance,
    List<TypeCount> topTypes,
    List<String> improvements,
    int openActionItems,
    List<Week> weeks,
    List<String> focusAreas,
    List<DrillScore> drills,
    List<KindFigures> actionItemsByKind,
    List<RunbookChange> runbookChanges) {

  public MonthlyMetrics {
    drills = drills == null ? List.of() : List.copyOf(drills);
    actionItemsByKind = actionItemsByKind == null ? List.of() : List.copyOf(actionItemsByKind);
    runbookChanges = runbookChanges == null ? List.of() : List.copyOf(runbookChanges);
  }

  /** How the runbook groups its follow-up actions. */
  public enum ItemGroup {
    /** Code fixes, monitoring, testing, documentation. */
    TECHNICAL,
    /** Runbook updates, training, tool improvements, communication. */
    PROCESS,
    /** Items recorded without a kind. */
    NONE;

    public static ItemGroup of(ActionItemKind kind) {
      if (kind == null) {
        return NONE;
      }
      return kind.isTechnical() ? TECHNICAL : PROCESS;
    }
  }

  /**
   * The month's action item figures of one kind.
   *
   * @param kind the kind, or null for the items recorded without one
   * @param group its group
   * @param done items done in the month (as {@link #improvements()}), whatever their incident's
   *     month
   * @param open items of the month's incidents neither done nor dropped (as {@link
   *     #openActionItems()})
   * @param overdue items neither done nor dropped and past their due date when the report was made,
   *     whatever their incident's month
   */
  public record KindFigures(
      ActionItemKind kind, ItemGroup group, int done, int open, int overdue) {}

  /**
   * A runbook section changed after an incident: a {@code RUNBOOK_UPDATE} item done in the month.
   *
   * @param section the runbook section, or null when the item did not name one
   * @param incidentId the incident it followed
   * @param service that incident's service
   * @param itemId the item, e.g. {@code AI-3}
   * @param action what was changed
   * @param link the pull request or ticket, or null
   * @param owner who did it, or null
   * @param doneAt when it was marked done
   */
  public record RunbookChange(
      String section,
      String incidentId,
      String service,
      String itemId,
      String action,
      String link,
      String owner,
      Instant doneAt) {}

  /**
   * One drill incident of the month, scored: each time against its target (seconds; a time is null
   * when not reached, e.g. never acknowledged, and then it fails).
   *
   * @param incidentId the incident's workflow id
   * @param title its title
   * @param service the drilled service
   * @param severity its severity
   * @param detectedAt when it opened
   * @param detectSeconds first alert to the incident opening, or null when unknown
   * @param detectTargetSeconds the severity's detection target
   * @param acknowledgeSeconds opening to acknowledgement, or null when never acknowledged
   * @param acknowledgeTargetSeconds the incident's response time, or null when it had none (then
   *     any acknowledgement passes)
   * @param mitigateSeconds opening to service restored, or null when not restored
   * @param mitigateTargetSeconds the severity's mitigation target
   * @param passed every time reached and within its target
   */
  public record DrillScore(
      String incidentId,
      String title,
      String service,
      Severity severity,
      Instant detectedAt,
      Double detectSeconds,
      Double detectTargetSeconds,
      Double acknowledgeSeconds,
      Double acknowledgeTargetSeconds,
      Double mitigateSeconds,
      Double mitigateTargetSeconds,
      boolean passed) {}

  /** An incident type and how often it happened. */
  public record TypeCount(String type, int count) {}

  /**
   * One week of the month's chart.
   *
   * @param weekStart the Monday the week starts
   * @param incidents incidents detected in the week (and in the month)
   * @param mttrSeconds their mean time to recover (as {@link MonthlyMetrics#mttrSeconds()}), or
   *     null when none was restored
   */
  public record Week(LocalDate weekStart, int incidents, Double mttrSeconds) {}
}
