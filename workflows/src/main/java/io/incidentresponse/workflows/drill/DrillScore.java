package io.incidentresponse.workflows.drill;

import io.incidentresponse.workflows.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How the response went: time to detect, acknowledge and mitigate from the injection, each against
 * its target. {@code detected} is false when no drill incident opened while the fault was in.
 *
 * @param incidentId the drill's incident; null when none opened
 * @param severity its severity
 * @param detected an incident opened
 * @param measures detect, acknowledge, mitigate, in that order
 * @param problem why the incident's times could not be read, when they could not
 */
public record DrillScore(
    String incidentId,
    Severity severity,
    boolean detected,
    List<DrillMeasure> measures,
    String problem) {

  public static final String DETECT = "detect";
  public static final String ACKNOWLEDGE = "acknowledge";
  public static final String MITIGATE = "mitigate";

  /** No incident opened while the fault was in. */
  public static DrillScore notDetected(DrillTargets targets) {
    return new DrillScore(
        null, null, false, List.of(new DrillMeasure(DETECT, null, targets.detect(), false)), null);
  }

  /** The incident's times against the targets. Pure: safe in workflow code. */
  public static DrillScore of(Instant injectedAt, IncidentTimes times, DrillTargets targets) {
    List<DrillMeasure> measures = new ArrayList<>();
    measures.add(measure(DETECT, injectedAt, times.detectedAt(), targets.detect()));
    measures.add(
        measure(
            ACKNOWLEDGE,
            injectedAt,
            times.acknowledgedAt(),
            times.severity() == null ? null : targets.acknowledge().get(times.severity())));
    measures.add(measure(MITIGATE, injectedAt, times.mitigatedAt(), targets.mitigate()));
    return new DrillScore(times.incidentId(), times.severity(), true, measures, null);
  }

  /** An incident opened, but its times could not be read. */
  public static DrillScore unread(
      DrillIncident incident, Instant injectedAt, DrillTargets t, String why) {
    Duration detect =
        incident.openedAt() == null
            ? null
            : positive(Duration.between(injectedAt, incident.openedAt()));
    List<DrillMeasure> measures =
        List.of(
            new DrillMeasure(
                DETECT, detect, t.detect(), detect != null && detect.compareTo(t.detect()) <= 0));
    return new DrillScore(incident.incidentId(), incident.severity(), true, measures, why);
  }

  /** The measures met, e.g. 2 of 3. */
  public long met() {
    return measures.stream().filter(DrillMeasure::met).count();
  }

  private static DrillMeasure measure(String step, Instant from, Instant at, Duration target) {
    Duration took = at == null ? null : positive(Duration.between(from, at));
    boolean met = took != null && (target == null || took.compareTo(target) <= 0);
    return new DrillMeasure(step, took, target, met);
  }

  /** An alert that fired before the injection landed counts as detected at once, not before. */
  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
