package io.incidentresponse.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends {@code GET /checkout} to the service at a steady rate so its metrics move without an
 * outside client. At most {@value #MAX_IN_FLIGHT} requests are in flight: when the service slows
 * down the generator skips ticks instead of piling requests up.
 */
final class LoadGenerator implements AutoCloseable {
  private static final int MAX_IN_FLIGHT = 64;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "load-generator");
            thread.setDaemon(true);
            return thread;
          });
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicLong answered = new AtomicLong();
  private final HttpRequest request;

  private LoadGenerator(URI target) {
    this.request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).GET().build();
  }

  /** Starts sending {@code requestsPerSecond} requests a second to {@code target}. */
  static LoadGenerator start(URI target, double requestsPerSecond) {
    if (!(requestsPerSecond > 0)) {
      throw new IllegalArgumentException("requests per second must be positive");
    }
    LoadGenerator generator = new LoadGenerator(target);
    long periodMicros = Math.max(1, Math.round(1_000_000 / requestsPerSecond));
    generator.ticker.scheduleAtFixedRate(generator::send, 0, periodMicros, TimeUnit.MICROSECONDS);
    return generator;
  }

  /** Requests that got an answer (any status) so far. */
  long answered() {
    return answered.get();
  }

  private void send() {
    if (!inFlight.tryAcquire()) {
      return;
    }
    client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              inFlight.release();
              if (response != null) {
                answered.incrementAndGet();
              }
            });
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
