package io.incidentresponse.bench.raw;

/**
 * The raw workflow's close signal, the counterpart of an incident's {@code resolve}.
 *
 * @param by who closed it
 */
public record RawClose(String by) {}
