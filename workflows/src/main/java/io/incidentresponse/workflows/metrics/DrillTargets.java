package io.incidentresponse.workflows.metrics;

import io.incidentresponse.workflows.incident.Severity;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a drill's response is scored against, per severity: the time to detect (first alert to the
 * incident opening) and to mitigate (opening to service restored). The time to acknowledge is
 * scored against the incident's own response time (the policy's, e.g. 15 minutes for P0), so it is
 * not repeated here.
 *
 * @param detect the most the detection may take; a severity left out takes the default
 * @param mitigate the most the mitigation may take; a severity left out takes the default
 */
public record DrillTargets(Map<Severity, Duration> detect, Map<Severity, Duration> mitigate) {

  public DrillTargets {
    detect = withDefaults(detect, defaultDetect());
    mitigate = withDefaults(mitigate, defaultMitigate());
  }

  /** Detection within 5 minutes for every severity; mitigation within 1h (P0), 4h, 1d, 3d (P3). */
  public static DrillTargets defaults() {
    return new DrillTargets(null, null);
  }

  public Duration detect(Severity severity) {
    return detect.get(severity == null ? Severity.P3 : severity);
  }

  public Duration mitigate(Severity severity) {
    return mitigate.get(severity == null ? Severity.P3 : severity);
  }

  private static Map<Severity, Duration> defaultDetect() {
    Map<Severity, Duration> times = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      times.put(severity, Duration.ofMinutes(5));
    }
    return times;
  }

  private static Map<Severity, Duration> defaultMitigate() {
    Map<Severity, Duration> times = new EnumMap<>(Severity.class);
    times.put(Severity.P0, Duration.ofHours(1));
    times.put(Severity.P1, Duration.ofHours(4));
    times.put(Severity.P2, Duration.ofDays(1));
    times.put(Severity.P3, Duration.ofDays(3));
    return times;
  }

  private static Map<Severity, Duration> withDefaults(
      Map<Severity, Duration> given, Map<Severity, Duration> defaults) {
    Map<Severity, Duration> times = new EnumMap<>(defaults);
    if (given != null) {
      given.forEach(
          (severity, time) -> {
            if (severity != null && time != null && !time.isNegative() && !time.isZero()) {
              times.put(severity, time);
            }
          });
    }
    return Collections.unmodifiableMap(times);
  }
}
