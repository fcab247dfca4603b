package io.incidentresponse.workflows.drill;

/**
 * A safety bound watched while the fault is in: the drill reverts as soon as {@code query} answers
 * a value above {@code above} for any series.
 *
 * @param query a query name the worker's Prometheus settings know ({@code errorRatio}, {@code
 *     latencyP95}, {@code up}...) or PromQL; {@code {service}} and {@code {namespace}} are replaced
 *     by the drill's
 * @param above the bound; a value above it trips the condition
 */
public record DrillStopCondition(String query, double above) {
  /** The default: the error ratio above one half. */
  public static DrillStopCondition errorRatioAboveHalf() {
    return new DrillStopCondition("errorRatio", 0.5);
  }
}
