package io.incidentresponse.workflows.drill;

import java.time.Duration;

/**
 * One scored step of the response, measured from the injection.
 *
 * @param step detect, acknowledge or mitigate
 * @param took how long it took; null when it did not happen during the drill
 * @param target the target; null when there is none for the severity
 * @param met it happened within the target
 */
public record DrillMeasure(String step, Duration took, Duration target, boolean met) {}
