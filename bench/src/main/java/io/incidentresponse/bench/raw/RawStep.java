package io.incidentresponse.bench.raw;

/**
 * One raw activity: sleeps {@code millis}, then POSTs to {@code notifyUrl} when it is set.
 *
 * @param millis how long the activity works
 * @param notifyUrl where it reports that it ran (the outside stub), or null
 */
public record RawStep(long millis, String notifyUrl) {}
