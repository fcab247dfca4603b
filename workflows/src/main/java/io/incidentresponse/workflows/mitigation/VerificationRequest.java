package io.incidentresponse.workflows.mitigation;

import java.util.Map;

/** Check whether a service has recovered. */
public record VerificationRequest(
    String incidentId, String service, String namespace, Map<String, String> labels) {}
