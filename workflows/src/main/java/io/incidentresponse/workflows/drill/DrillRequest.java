package io.incidentresponse.workflows.drill;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A drill to run. The workflow refuses (non-retryable BAD_REQUEST) a request without a scenario,
 * service or namespace, or with a duration outside (0, {@link DrillWorkflow#LONGEST}].
 *
 * @param scenario one of {@link DrillScenarios#ALL}
 * @param service the service (deployment) drilled
 * @param namespace its Kubernetes namespace (on the worker's allow-list)
 * @param duration how long the fault stays in at most; reverted at the end by a durable timer
 * @param parameters the scenario's own (e.g. {@code rate=0.3}, {@code replicas=0}, {@code pods=1});
 *     at most {@value DrillWorkflow#MAX_PARAMETERS}
 * @param stopConditions Prometheus bounds that revert the drill at once; null takes {@link
 *     DrillStopCondition#errorRatioAboveHalf()}, an empty list watches none (a real incident still
 *     stops it)
 * @param checkInterval how often the stop conditions are checked; default 30 s, never less than 10
 *     s nor less than a 240th of the duration (so a 4 h drill has at most 240 checks)
 * @param by who runs it
 * @param reason why (the game day, the schedule)
 * @param notifyLeadership the drill's incident tells leadership as a real one would; default no
 * @param dryRun inject and revert only say what they would change
 * @param targets what the response is scored against; null takes {@link DrillTargets#defaults()}
 */
public record DrillRequest(
    String scenario,
    String service,
    String namespace,
    Duration duration,
    Map<String, String> parameters,
    List<DrillStopCondition> stopConditions,
    Duration checkInterval,
    String by,
    String reason,
    boolean notifyLeadership,
    boolean dryRun,
    DrillTargets targets) {

  public DrillRequest {
    parameters = parameters == null ? Map.of() : new java.util.TreeMap<>(parameters);
    // a null element (JSON typed into the Temporal UI) must not fail the workflow task forever
    stopConditions =
        stopConditions == null
            ? List.of(DrillStopCondition.errorRatioAboveHalf())
            : stopConditions.stream().filter(java.util.Objects::nonNull).toList();
    targets = targets == null ? DrillTargets.defaults() : targets;
  }
}
