package io.incidentresponse.workflows.drill;

import java.util.Map;

/**
 * What {@link DrillActivities#capture} reads before a fault: the scenario, its target and its
 * parameters.
 */
public record DrillTarget(
    String drillId,
    String scenario,
    String service,
    String namespace,
    Map<String, String> parameters,
    boolean dryRun) {}
