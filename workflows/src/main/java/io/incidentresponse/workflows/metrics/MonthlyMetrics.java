package io.incidentresponse.workflows.metrics;

import io.incidentresponse.workflows.incident.Severity;
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
    List<DrillScore> drills) {

  public MonthlyMetrics {
    drills = drills == null ? List.of() : List.copyOf(drills);
  }

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
