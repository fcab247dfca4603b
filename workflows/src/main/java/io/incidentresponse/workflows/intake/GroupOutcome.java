package io.incidentresponse.workflows.intake;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of one alert group of a queued delivery: delivered to {@code incidentId}, held by the
 * maintenance {@code heldBy}, or, with {@code undeliverable}, refused for good by Temporal (the
 * reason; the other groups were still delivered).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupOutcome(
    String key,
    String incidentId,
    int alerts,
    String heldBy,
    String drillId,
    String undeliverable) {}
