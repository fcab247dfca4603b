package io.incidentresponse.workflows.diagnosis;

import java.time.Instant;
import java.util.Map;

/**
 * What a diagnosis probe looks at.
 *
 * @param incidentId which incident
 * @param service the affected service
 * @param namespace where it runs
 * @param labels the labels of the incident's first alert (pod selectors, instance, job)
 * @param from start of the window to look at (an hour before detection)
 * @param to end of the window (now)
 */
public record DiagnosisRequest(
    String incidentId,
    String service,
    String namespace,
    Map<String, String> labels,
    Instant from,
    Instant to) {}
