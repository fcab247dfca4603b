package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's ingestion figure on Temporal's in-process test server: 16 callers post 100-alert
 * Alertmanager deliveries to incidents that are already open, for {@value #SECONDS} s, through the
 * real starter and the real incident workflow. Prints alerts/s; asserts only that every delivery
 * was accepted and every accepted alert is in its incident. Tagged {@code benchmark}: not in the
 * default build ({@code -Dit.test=IngestionThroughputIT -Dgroups=benchmark} runs it).
 */
@Tag("benchmark")
class IngestionThroughputIT extends StarterIT {
  private static final int CALLERS = 16;
  private static final int INCIDENTS = 20;
  private static final int ALERTS_PER_REQUEST = 100;
  private static final int SECONDS = 20;

  private static String service(int incident) {
    return "throughput-" + incident;
  }

  private static String delivery(long n, int incident) {
    StringBuilder alerts = new StringBuilder();
    for (int i = 0; i < ALERTS_PER_REQUEST; i++) {
      alerts
          .append(i == 0 ? "" : ",")
          .append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"Throughput\",")
          .append("\"service\":\"")
          .append(service(incident))
          .append("\",\"severity\":\"warning\",\"pod\":\"p-")
          .append(i)
          .append("\"},\"annotations\":{\"summary\":\"throughput\"},\"startsAt\":\"")
          .append(Http.DAY)
          .append("T14:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"t-")
          .append(i % 10) // ten distinct alerts per incident: the state stays small
          .append("\"}");
    }
    return "{\"version\":\"4\",\"groupKey\":\"t"
        + n
        + "\",\"status\":\"firing\",\"receiver\":\"ir\",\"alerts\":["
        + alerts
        + "]}";
  }

  @Test
  void hundredAlertDeliveriesToOpenIncidents_areAllAcceptedAndCounted() throws Exception {
    HttpClient httpClient =
        HttpClient.newBuilder()
            .executor(Executors.newFixedThreadPool(CALLERS))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    AtomicLong sequence = new AtomicLong();
    for (int incident = 0; incident < INCIDENTS; incident++) {
      assertThat(post(httpClient, delivery(sequence.incrementAndGet(), incident)).statusCode())
          .isEqualTo(202);
    }
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    long[] perIncident = new long[INCIDENTS];
    long started = System.nanoTime();
    long end = started + Duration.ofSeconds(SECONDS).toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      running.add(
          callers.submit(
              () -> {
                while (System.nanoTime() < end) {
                  long n = sequence.incrementAndGet();
                  int incident = (int) (n % INCIDENTS);
                  HttpResponse<String> response = post(httpClient, delivery(n, incident));
                  if (response.statusCode() == 202) {
                    accepted.incrementAndGet();
                    synchronized (perIncident) {
                      perIncident[incident] += ALERTS_PER_REQUEST;
                    }
                  } else {
                    refused.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> caller : running) {
      caller.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    callers.shutdown();
    System.out.printf(
        Locale.ROOT,
        "ingestion on the in-process test server: %d deliveries of %d alerts in %.1f s:"
            + " %.1f requests/s, %.0f alerts/s (%d refused)%n",
        accepted.get(),
        ALERTS_PER_REQUEST,
        seconds,
        accepted.get() / seconds,
        accepted.get() * ALERTS_PER_REQUEST / seconds,
        refused.get());

    assertThat(refused.get()).isZero();
    for (int incident = 0; incident < INCIDENTS; incident++) {
      long expected = perIncident[incident] + ALERTS_PER_REQUEST;
      await(incidentId(service(incident), "Throughput"), s -> s.alertDeliveries == expected);
    }
  }

  private HttpResponse<String> post(HttpClient httpClient, String body) throws Exception {
    return httpClient.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/alertmanager"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header(AUTHORIZATION, BEARER)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
