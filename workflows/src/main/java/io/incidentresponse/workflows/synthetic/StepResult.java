package io.incidentresponse.workflows.synthetic;

/**
 * One step of one run.
 *
 * @param step the step's name
 * @param passed whether its answer was as expected, in time
 * @param status the HTTP status, or null when none came
 * @param millis how long it took
 * @param expected what was expected, when it failed ({@code status 200}, {@code at most 2s})
 * @param got what came instead ({@code status 500}, {@code 3.4s}, {@code timed out})
 */
public record StepResult(
    String step, boolean passed, Integer status, long millis, String expected, String got) {}
