package io.incidentresponse.workflows.synthetic;

import io.incidentresponse.workflows.incident.Severity;
import java.time.Duration;
import java.util.List;

/**
 * A user journey probed on a schedule: its steps run in order, the first that fails ends the run.
 *
 * @param name the journey's name ({@code incident.synthetics.journeys.<name>})
 * @param service the service whose incident a failing journey opens or joins
 * @param severity the incident's severity when the journey opens it (the alert's {@code priority})
 * @param steps the requests, in order
 * @param failuresBeforeAlert how many runs in a row must fail before the alert is raised (at least
 *     1; default 2, so one blip opens nothing)
 */
public record Journey(
    String name,
    String service,
    Severity severity,
    List<JourneyStep> steps,
    int failuresBeforeAlert) {

  public Journey {
    steps = steps == null ? List.of() : List.copyOf(steps);
    severity = severity == null ? Severity.P2 : severity;
    failuresBeforeAlert = failuresBeforeAlert < 1 ? 2 : failuresBeforeAlert;
  }

  /** The longest a whole run may take: every step's call timeout. */
  public Duration longestRun() {
    Duration total = Duration.ZERO;
    for (JourneyStep step : steps) {
      total = total.plus(step.callTimeout());
    }
    return total;
  }
}
