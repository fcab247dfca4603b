package io.incidentresponse.workflows.closure;

import java.time.Instant;
import java.util.Map;

/**
 * The incident whose impact is measured.
 *
 * @param incidentId which incident
 * @param service the affected service
 * @param namespace where it runs
 * @param labels the first alert's labels
 * @param from detection
 * @param to when service was restored (the end of the downtime; resolution comes after the
 *     monitoring window)
 */
public record ImpactRequest(
    String incidentId,
    String service,
    String namespace,
    Map<String, String> labels,
    Instant from,
    Instant to) {}
