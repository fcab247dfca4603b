package io.incidentresponse.bench.raw;

/**
 * What one raw workflow does: {@code before} activities, then (when {@code waitForClose}) it waits
 * for the {@code close} signal, then {@code after} activities, then completes.
 *
 * @param before activities run at start; the first one calls {@code notifyUrl} when it is set
 * @param after activities run after the close signal
 * @param activityMillis how long each activity sleeps (0: instant)
 * @param parallel whether the {@code before} activities run at once rather than one after another
 * @param notifyUrl the URL the first activity POSTs to (the bench's outside stub), or null
 * @param waitForClose whether the workflow stays open until the close signal
 */
public record RawInput(
    int before,
    int after,
    long activityMillis,
    boolean parallel,
    String notifyUrl,
    boolean waitForClose) {

  /** A workflow that only holds the alerts it is signalled, as an open incident does. */
  public static RawInput holding(int activities) {
    return new RawInput(activities, 0, 0, false, null, true);
  }
}
