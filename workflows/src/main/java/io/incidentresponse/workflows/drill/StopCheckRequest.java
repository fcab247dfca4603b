package io.incidentresponse.workflows.drill;

import java.util.List;

/** The stop conditions of a drill, for its service and namespace. */
public record StopCheckRequest(
    String service, String namespace, List<DrillStopCondition> conditions) {}
