package io.incidentresponse.activities.slack;

import com.slack.api.methods.SlackApiTextResponse;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.Severity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pace of one Slack Web API method, shared by every activity of this worker: calls go out one
 * slot apart at the method's rate per minute. The next slot goes to the most severe waiting
 * incident (P0, then P1, then P2 and P3) and, among equals, to the incident that asked first; the
 * caller says when that was, so an incident that comes back on a later attempt keeps its place.
 * Slack's 429 moves the next slot to its Retry-After for every caller ({@link #pauseFor}).
 *
 * <p>Waiting is never a failure: the caller waits inside its attempt and is called back at least
 * every {@code heartbeatEvery} so that it can heartbeat. Only when its projected slot falls after
 * its deadline does it leave the queue, without taking a slot, with a {@code RATE_LIMITED} failure
 * whose next-retry delay is the projected wait.
 *
 * <p>Guava's {@code RateLimiter} is not used: it cannot say when the next permit is free (needed to
 * tell whether a wait outlasts the attempt), cannot be paused until a Retry-After, lets stored
 * permits burst after a pause, and reserves a permit for a caller that then sleeps, which lets a
 * less severe incident take a slot from a P0 that arrives during that sleep.
 */
final class SlackPacer {
  private static final Logger log = LoggerFactory.getLogger(SlackPacer.class);
  private final String method;
  private final long intervalNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final NavigableSet<Turn> waiting = new TreeSet<>();
  private final AtomicLong arrivals = new AtomicLong();
  private long nextSlotNanos = System.nanoTime();

  /** One waiting call: most severe first, then the incident that asked first, then arrival. */
  private record Turn(int rank, long askedAtMillis, long arrival) implements Comparable<Turn> {
    @Override
    public int compareTo(Turn other) {
      int bySeverity = Integer.compare(rank, other.rank);
      if (bySeverity != 0) {
        return bySeverity;
      }
      int byAsked = Long.compare(askedAtMillis, other.askedAtMillis);
      return byAsked != 0 ? byAsked : Long.compare(arrival, other.arrival);
    }
  }

  SlackPacer(String method, int perMinute) {
    this.method = method;
    this.intervalNanos = TimeUnit.MINUTES.toNanos(1) / Math.max(1, perMinute);
  }

  /**
   * Returns when this call may go to Slack. {@code deadlineNanos} is on {@link System#nanoTime}'s
   * scale; {@code heartbeat} runs, outside the pacer's lock, at least every {@code heartbeatEvery}
   * and may throw to abandon the wait (the activity was cancelled or timed out).
   *
   * @throws ApplicationFailure RATE_LIMITED, retryable after the projected wait, when the slot
   *     would come after {@code deadlineNanos}; no slot was taken
   */
  void await(
      Severity severity,
      long askedAtMillis,
      long deadlineNanos,
      Duration heartbeatEvery,
      Runnable heartbeat) {
    Turn turn = new Turn(rank(severity), askedAtMillis, arrivals.incrementAndGet());
    long every = Math.max(1, heartbeatEvery.toNanos());
    lock.lock();
    try {
      waiting.add(turn);
      changed.signalAll();
      long beatAt = System.nanoTime() + every;
      while (true) {
        long now = System.nanoTime();
        boolean first = waiting.first().equals(turn);
        if (first && now - nextSlotNanos >= 0) {
          // Keep the pace exact when woken a little late; after an idle spell start afresh.
          nextSlotNanos =
              (now - nextSlotNanos < intervalNanos ? nextSlotNanos : now) + intervalNanos;
          return;
        }
        long slotAt = projectedSlot(turn, now);
        if (slotAt - deadlineNanos > 0) {
          throw outlasted(slotAt - now);
        }
        if (now - beatAt >= 0) {
          lock.unlock();
          try {
            heartbeat.run();
          } finally {
            lock.lock();
          }
          beatAt = System.nanoTime() + every;
          continue;
        }
        long wakeAt = first && slotAt - beatAt < 0 ? slotAt : beatAt;
        changed.awaitNanos(wakeAt - now);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(
          "interrupted while waiting for Slack's pace of " + method,
          FailureType.UNAVAILABLE.type());
    } finally {
      waiting.remove(turn);
      changed.signalAll();
      lock.unlock();
    }
  }

  /**
   * {@code call} in its slot of this method's pace, classified by {@link SlackCalls#run}; a 429
   * pauses the method for every caller and this call waits for its slot again instead of failing.
   * {@code heartbeat} also runs right before the call goes out.
   *
   * @throws ApplicationFailure RATE_LIMITED when the slot would come after the window's deadline,
   *     or the classified failure of the call
   */
  <T extends SlackApiTextResponse> T call(
      Severity severity,
      long askedAtMillis,
      PaceWindow window,
      Runnable heartbeat,
      SlackCalls.Call<T> call,
      String... allowed) {
    while (true) {
      await(
          severity, askedAtMillis, window.waitDeadlineNanos(), window.heartbeatEvery(), heartbeat);
      heartbeat.run();
      try {
        return SlackCalls.run(method, call, allowed);
      } catch (ApplicationFailure failure) {
        if (!FailureType.RATE_LIMITED.type().equals(failure.getType())) {
          throw failure;
        }
        Duration pause =
            failure.getNextRetryDelay() == null
                ? Duration.ofSeconds(1)
                : failure.getNextRetryDelay();
        log.info("Slack paced {} for {} s (429); calls wait for it", method, pause.toSeconds());
        pauseFor(pause);
      }
    }
  }

  /** Slack answered 429: no call of this method goes out for {@code delay}, whoever waits. */
  void pauseFor(Duration delay) {
    lock.lock();
    try {
      long until = System.nanoTime() + delay.toNanos();
      if (until - nextSlotNanos > 0) {
        nextSlotNanos = until;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many calls wait for a slot now. */
  int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  String method() {
    return method;
  }

  private long projectedSlot(Turn turn, long now) {
    long next = now - nextSlotNanos > 0 ? now : nextSlotNanos;
    return next + waiting.headSet(turn, false).size() * intervalNanos;
  }

  private ApplicationFailure outlasted(long waitNanos) {
    long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
    return ExpectedFailures.paced(
        "Slack "
            + method
            + " is paced: this incident's turn comes in about "
            + seconds
            + " s, after this attempt's deadline; retried then",
        Duration.ofSeconds(seconds));
  }

  private static int rank(Severity severity) {
    return severity == null ? Severity.values().length : severity.ordinal();
  }
}
