package io.incidentresponse.starter.incident;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Concurrent deliveries to one incident carried by one Temporal call. While a call for an incident
 * is out, the deliveries to it that arrive wait; when it returns, all those waiting (at most {@code
 * maxBatch}) leave together in the next call, sent by the first of them. A storm of 48 deliveries
 * on 3 incidents is then a few calls per incident in place of 48 queueing at the incidents'
 * workflow locks. A batch's call succeeds or fails for every delivery in it (a signal-with-start is
 * atomic). A delivery still waiting for its turn after {@code maxWait} leaves the queue unsent and
 * fails with {@link TemporalUnavailableException}; one already in a call waits for that call, which
 * is itself bounded.
 *
 * @param <P> one delivery's part
 * @param <R> what the call answers, shared by every delivery of the batch
 */
final class ConcurrentDeliveries<P, R> {
  private final int maxBatch;
  private final ToIntFunction<P> weight;
  private final int maxWeight;
  private final Duration maxWait;

  /** The incidents with a call out, and the deliveries waiting for them. Guarded by itself. */
  private final Map<String, List<Ticket<P, R>>> waiting = new HashMap<>();

  /**
   * @param maxBatch most deliveries in one call
   * @param weight a delivery's weight (its alerts' bytes), so that a call stays within Temporal's
   *     payload limit
   * @param maxWeight most weight in one call; a single delivery heavier than this goes alone
   * @param maxWait longest wait of a delivery for its turn
   */
  ConcurrentDeliveries(int maxBatch, ToIntFunction<P> weight, int maxWeight, Duration maxWait) {
    this.maxBatch = maxBatch;
    this.weight = weight;
    this.maxWeight = maxWeight;
    this.maxWait = maxWait;
  }

  private static final class Ticket<P, R> {
    final P part;

    /** Completed, with its batch, for the ticket that sends the batch. */
    final CompletableFuture<List<Ticket<P, R>>> sends = new CompletableFuture<>();

    final CompletableFuture<R> outcome = new CompletableFuture<>();

    Ticket(P part) {
      this.part = part;
    }
  }

  /**
   * Delivers {@code part} to {@code incident} through {@code call}, alone or with the deliveries to
   * it that arrived meanwhile; {@code call} is given the batch's parts, the sender's first.
   */
  R deliver(String incident, P part, Function<List<P>, R> call) {
    Ticket<P, R> ticket = new Ticket<>(part);
    synchronized (waiting) {
      List<Ticket<P, R>> queue = waiting.get(incident);
      if (queue == null) {
        waiting.put(incident, new ArrayList<>());
        ticket.sends.complete(List.of(ticket));
      } else {
        queue.add(ticket);
      }
    }
    if (!ticket.sends.isDone() && !awaitTurn(incident, ticket)) {
      throw new TemporalUnavailableException(
          "Temporal did not take the deliveries to " + incident + " within " + maxWait, null);
    }
    if (ticket.sends.isDone()) {
      send(incident, ticket.sends.join(), call);
    }
    return outcome(ticket);
  }

  /** Waits until the ticket sends or is sent; false when it left the queue unsent. */
  private boolean awaitTurn(String incident, Ticket<P, R> ticket) {
    CompletableFuture<Object> turn = CompletableFuture.anyOf(ticket.sends, ticket.outcome);
    try {
      turn.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException failed) {
      return true; // the outcome: a failure of the batch's call
    } catch (TimeoutException | InterruptedException late) {
      if (late instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      synchronized (waiting) {
        List<Ticket<P, R>> queue = waiting.get(incident);
        if (queue != null && queue.remove(ticket)) {
          return false;
        }
      }
      // taken into a batch meanwhile: its call is bounded, wait for it
      turn.exceptionally(e -> null).join();
      return true;
    }
  }

  private void send(String incident, List<Ticket<P, R>> batch, Function<List<P>, R> call) {
    try {
      R answer = call.apply(batch.stream().map(t -> t.part).toList());
      batch.forEach(t -> t.outcome.complete(answer));
    } catch (RuntimeException | Error e) {
      batch.forEach(t -> t.outcome.completeExceptionally(e));
    } finally {
      handOff(incident);
    }
  }

  /** Lets the next batch of deliveries to {@code incident} leave, or forgets the incident. */
  private void handOff(String incident) {
    synchronized (waiting) {
      List<Ticket<P, R>> queue = waiting.get(incident);
      if (queue.isEmpty()) {
        waiting.remove(incident);
        return;
      }
      int taken = 0;
      long weights = 0;
      while (taken < queue.size() && taken < maxBatch) {
        weights += weight.applyAsInt(queue.get(taken).part);
        if (taken > 0 && weights > maxWeight) {
          break;
        }
        taken++;
      }
      List<Ticket<P, R>> next = new ArrayList<>(queue.subList(0, taken));
      queue.subList(0, taken).clear();
      next.get(0).sends.complete(next);
    }
  }

  private static <R> R outcome(Ticket<?, R> ticket) {
    try {
      return ticket.outcome.join();
    } catch (CompletionException | CancellationException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
