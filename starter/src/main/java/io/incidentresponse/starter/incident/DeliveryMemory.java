package io.incidentresponse.starter.incident;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A bounded, expiring memory of the deliveries Temporal accepted ({@code incident.redelivery.*}),
 * so an exact redelivery (Alertmanager re-sending a group, PagerDuty retrying) is answered from
 * here and never grows an incident's history. Only accepted deliveries are remembered: a delivery
 * that failed is tried again when it comes again. Identical deliveries arriving together are
 * collapsed: the first goes to Temporal, the others wait for its answer. After the window a
 * redelivery reaches the incident, which drops a delivery id it already has.
 */
@Component
public class DeliveryMemory {
  private final Cache<String, CompletableFuture<List<Delivery>>> accepted;
  private final boolean enabled;
  private final Duration wait;

  /** What a delivery came to: the incidents its alerts went to, and whether it was a repeat. */
  public record Outcome(List<Delivery> incidents, boolean duplicate) {}

  @Autowired
  public DeliveryMemory(IncidentProperties properties, TemporalCalls calls) {
    this(properties.redelivery(), calls.deadline(), Ticker.systemTicker());
  }

  /**
   * @param wait how long an identical delivery waits for the first one's answer (then 503: the
   *     sender retries, and finds it remembered)
   * @param ticker the clock of expiry
   */
  DeliveryMemory(IncidentProperties.Redelivery settings, Duration wait, Ticker ticker) {
    this.enabled = !settings.window().isZero() && settings.maxRemembered() > 0;
    this.wait = wait;
    this.accepted =
        Caffeine.newBuilder()
            .expireAfterWrite(settings.window())
            .maximumSize(settings.maxRemembered())
            .ticker(ticker)
            .build();
  }

  /**
   * Delivers once per delivery id within the window: the first call runs {@code deliver}; a repeat
   * gets the first one's incidents, marked as a duplicate. A repeat that arrives while the first is
   * still with Temporal waits for it and shares its failure, if it fails.
   */
  public Outcome once(String deliveryId, Supplier<List<Delivery>> deliver) {
    if (!enabled) {
      return new Outcome(deliver.get(), false);
    }
    CompletableFuture<List<Delivery>> mine = new CompletableFuture<>();
    CompletableFuture<List<Delivery>> first = accepted.asMap().putIfAbsent(deliveryId, mine);
    if (first == null) {
      try {
        List<Delivery> incidents = List.copyOf(deliver.get());
        mine.complete(incidents);
        return new Outcome(incidents, false);
      } catch (RuntimeException | Error failed) {
        accepted.asMap().remove(deliveryId, mine);
        mine.completeExceptionally(failed);
        throw failed;
      }
    }
    try {
      return new Outcome(first.get(wait.toMillis(), TimeUnit.MILLISECONDS), true);
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof TemporalUnavailableException unavailable) {
        throw new TemporalUnavailableException(unavailable.getMessage(), unavailable);
      }
      throw failed.getCause() instanceof RuntimeException cause
          ? cause
          : new IllegalStateException(failed.getCause());
    } catch (TimeoutException stillRunning) {
      throw new TemporalUnavailableException(
          "an identical delivery is still waiting for Temporal", stillRunning);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new TemporalUnavailableException("interrupted", interrupted);
    }
  }

  /** How many deliveries are remembered now (for tests and diagnostics). */
  long size() {
    accepted.cleanUp();
    return accepted.estimatedSize();
  }
}
