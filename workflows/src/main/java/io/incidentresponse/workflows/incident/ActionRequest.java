package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.RiskClass;
import java.util.Map;

/**
 * A person asks for a mitigation: {@code {"type":"SCALE","namespace":"shop","target":"checkout",
 * "parameters":{"replicas":"10"},"by":"alice","reason":"CPU saturated"}}. The response policy
 * decides whether it runs at once or waits for an approval, as for proposals from the diagnosis.
 */
public record ActionRequest(
    ActionType type,
    String namespace,
    String target,
    Map<String, String> parameters,
    RiskClass risk,
    String by,
    String reason)
    implements PersonSignalInput {}
