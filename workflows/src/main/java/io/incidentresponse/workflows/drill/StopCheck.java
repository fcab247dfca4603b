package io.incidentresponse.workflows.drill;

/**
 * One look at the stop conditions.
 *
 * @param tripped a condition is above its bound
 * @param detail the condition and the value seen (the tripped one, else the highest)
 */
public record StopCheck(boolean tripped, String detail) {}
