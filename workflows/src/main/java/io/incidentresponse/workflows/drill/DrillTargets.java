package io.incidentresponse.workflows.drill;

import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the drill's response is scored against, each measured from the injection.
 *
 * @param detect the incident should open within this; default 5 minutes
 * @param acknowledge per severity, the time to acknowledge: the policy's response times (the
 *     runbook's 15 min / 1 h / 4 h by default); a severity not in the map has no target
 * @param mitigate the incident should be mitigated within this; default 1 hour
 */
public record DrillTargets(
    Duration detect, Map<Severity, Duration> acknowledge, Duration mitigate) {
  public DrillTargets {
    detect = detect == null ? Duration.ofMinutes(5) : detect;
    acknowledge =
        acknowledge == null
            ? new LinkedHashMap<>(ResponsePolicy.defaultResponseTimes())
            : new LinkedHashMap<>(acknowledge);
    mitigate = mitigate == null ? Duration.ofHours(1) : mitigate;
  }

  public static DrillTargets defaults() {
    return new DrillTargets(null, null, null);
  }
}
