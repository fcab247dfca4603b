package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
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
 * real starter and the real incident workflow; and the same with every delivery's alerts spread
 * over ten incidents, which queues it through an intake (more than direct-groups). Prints alerts/s;
 * asserts only that every delivery was accepted and every accepted alert is in its incident. Tagged
 * {@code benchmark}: not in the default build ({@code -Dit.test=IngestionThroughputIT
 * -Dgroups=benchmark} runs it).
 */
@Tag("benchmark")
class IngestionThroughputIT extends StarterIT {
  private static final int CALLERS = 16;
  private static final int INCIDENTS = 20;
  private static final int ALERTS_PER_REQUEST = 100;
  private static final int SECONDS = 20;

  /** Incidents of the queued case, each getting a tenth of every 100-alert delivery. */
  private static final int QUEUED_INCIDENTS = 10;

  private static String service(int incident) {
    return "throughput-" + incident;
  }

  private static String queuedService(int incident) {
    return "throughput-queued-" + incident;
  }

  /** {@value #ALERTS_PER_REQUEST} alerts, alert i for the incident {@code incidentOf(i)}. */
  private static String delivery(long n, java.util.function.IntFunction<String> serviceOf) {
    StringBuilder alerts = new StringBuilder();
    for (int i = 0; i < ALERTS_PER_REQUEST; i++) {
      alerts
          .append(i == 0 ? "" : ",")
          .append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"Throughput\",")
          .append("\"service\":\"")
          .append(serviceOf.apply(i))
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

  private static String delivery(long n, int incident) {
    return delivery(n, i -> service(incident));
  }

  /** Ten groups of ten: more than direct-groups (4), so queued through an intake. */
  private static String queuedDelivery(long n) {
    return delivery(n, i -> queuedService(i / (ALERTS_PER_REQUEST / QUEUED_INCIDENTS)));
  }

  private final HttpClient httpClient =
      HttpClient.newBuilder()
          .executor(Executors.newFixedThreadPool(CALLERS))
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final AtomicLong sequence = new AtomicLong();

  @Test
  void hundredAlertDeliveriesToOpenIncidents_areAllAcceptedAndCounted() throws Exception {
    for (int incident = 0; incident < INCIDENTS; incident++) {
      assertThat(post(delivery(sequence.incrementAndGet(), incident)).statusCode()).isEqualTo(202);
    }
    long[] perIncident = new long[INCIDENTS];
    long accepted =
        load(
            "direct: one incident per delivery",
            n -> {
              int incident = (int) (n % INCIDENTS);
              if (post(delivery(n, incident)).statusCode() != 202) {
                return false;
              }
              synchronized (perIncident) {
                perIncident[incident] += ALERTS_PER_REQUEST;
              }
              return true;
            });

    assertThat(accepted).isPositive();
    for (int incident = 0; incident < INCIDENTS; incident++) {
      long expected = perIncident[incident] + ALERTS_PER_REQUEST;
      await(incidentId(service(incident), "Throughput"), s -> s.alertDeliveries == expected);
    }
  }

  @Test
  void hundredAlertDeliveriesForTenIncidents_areQueuedAndEveryAlertReachesItsIncident()
      throws Exception {
    assertThat(post(queuedDelivery(sequence.incrementAndGet())).statusCode()).isEqualTo(202);
    long accepted =
        load(
            "queued: ten incidents per delivery, through an intake",
            n -> post(queuedDelivery(n)).statusCode() == 202);

    long started = System.nanoTime();
    int perDelivery = ALERTS_PER_REQUEST / QUEUED_INCIDENTS;
    for (int incident = 0; incident < QUEUED_INCIDENTS; incident++) {
      long expected = (accepted + 1) * perDelivery;
      awaitLong(
          incidentId(queuedService(incident), "Throughput"), s -> s.alertDeliveries == expected);
    }
    System.out.printf(
        Locale.ROOT,
        "queued: every accepted alert in its incident %.1f s after the window%n",
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * {@value #CALLERS} callers run {@code deliver} (the delivery number, true when accepted) for
   * {@value #SECONDS} s; prints the rate and answers how many were accepted. Every delivery must be
   * accepted.
   */
  private long load(String what, Delivering deliver) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    long started = System.nanoTime();
    long end = started + Duration.ofSeconds(SECONDS).toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      running.add(
          callers.submit(
              () -> {
                while (System.nanoTime() < end) {
                  (deliver.accepted(sequence.incrementAndGet()) ? accepted : refused)
                      .incrementAndGet();
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
        "ingestion on the in-process test server, %s: %d deliveries of %d alerts in %.1f s:"
            + " %.1f requests/s, %.0f alerts/s (%d refused)%n",
        what,
        accepted.get(),
        ALERTS_PER_REQUEST,
        seconds,
        accepted.get() / seconds,
        accepted.get() * ALERTS_PER_REQUEST / seconds,
        refused.get());
    assertThat(refused.get()).isZero();
    return accepted.get();
  }

  private interface Delivering {
    boolean accepted(long n) throws Exception;
  }

  /** As {@link #await}, with the minutes a backlog of queued deliveries may take to drain. */
  private void awaitLong(String workflowId, java.util.function.Predicate<IncidentState> done) {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    IncidentWorkflow incident = incident(workflowId);
    while (System.nanoTime() < deadline) {
      try {
        if (done.test(incident.state())) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not started yet, or busy
      }
      sleep(200);
    }
    throw new AssertionError(workflowId + " did not get every accepted alert within 5 min");
  }

  private HttpResponse<String> post(String body) throws Exception {
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
