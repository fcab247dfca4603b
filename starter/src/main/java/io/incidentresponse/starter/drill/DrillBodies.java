package io.incidentresponse.starter.drill;

import java.util.List;
import java.util.Map;

/** The REST API's drill bodies; durations as {@code 30m}, {@code 2h} or {@code PT30M}. */
final class DrillBodies {
  private DrillBodies() {}

  /**
   * {@code {"scenario":"failure-rate","service":"checkout","duration":"30m",
   * "parameters":{"rate":"0.3"}}}.
   */
  record Start(
      String scenario,
      String service,
      String namespace,
      String duration,
      Map<String, String> parameters,
      List<StopCondition> stopConditions,
      String checkInterval,
      String reason,
      String by,
      Boolean notifyLeadership,
      Boolean dryRun) {}

  /** {@code {"query":"errorRatio","above":0.5}}. */
  record StopCondition(String query, Double above) {}

  /** {@code {"reason":"real traffic spike"}}. */
  record Abort(String by, String reason) {}

  /** The answer to a start. */
  record Started(String drillId, String service, String runId, String plannedEndAt) {}

  /** One row of the list. */
  record Row(String drillId, String service, String status, String startedAt, String closedAt) {}
}
