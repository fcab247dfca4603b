package io.incidentresponse.bench.raw;

/**
 * An alert delivered to the raw workflow: its body, the same size as the project's webhook body.
 *
 * @param body the delivery's payload
 */
public record RawAlert(String body) {}
