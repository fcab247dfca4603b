package io.incidentresponse.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The POD_LOGS probe against fabric8's mock API server (CRUD for pods, expectations for logs). */
@EnableKubernetesMockClient(crud = true)
class PodLogsTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  static final Instant DETECTED = Instant.parse("2025-03-14T14:15:00Z");
  static final Clock CLOCK = Clock.fixed(DETECTED, ZoneOffset.UTC);
  static final String SINCE = "2025-03-14T13:15:00Z";
  static final String CRASHING = "checkout-7d9f5c6b8-x2k4p";
  static final String NOT_READY = "checkout-7d9f5c6b8-q8w2n";
  static final String NOT_STARTED = "checkout-7d9f5c6b8-m5t7z";
  static final String HEALTHY = "checkout-7d9f5c6b8-h3j6k";
  static final String PAYMENT_FAILED =
      "ERROR <n> --- [checkout] [nio-<n>-exec-<n>] c.e.shop.checkout.PaymentClient : Payment call"
          + " failed for order <n>: Connection refused: payments.shop.svc/<n>:<n>";

  @BeforeEach
  void seed() {
    server.reset();
    for (HasMetadata item :
        client.load(resource("/kubernetes/logs/checkout-crashloop.yaml")).items()) {
      client.resource(item).create();
    }
  }

  static InputStream resource(String path) {
    InputStream in = PodLogsTest.class.getResourceAsStream(path);
    assertThat(in).as(path).isNotNull();
    return in;
  }

  static String text(String name) {
    try (InputStream in = resource("/kubernetes/logs/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DiagnosisRequest request() {
    return new DiagnosisRequest(
        "INC-42", "checkout", "shop", Map.of(), DETECTED.minus(Duration.ofHours(1)), DETECTED);
  }

  /** The log path fabric8 asks with the default limits, as the API server sees it. */
  static String logPath(String pod, String container, boolean previous) {
    return "/api/v1/namespaces/shop/pods/"
        + pod
        + "/log?pretty=false&container="
        + container
        + (previous ? "&previous=true" : "")
        + "&sinceTime="
        + SINCE
        + "&tailLines=500&limitBytes=262144";
  }

  static void serveLog(String pod, String container, boolean previous, String body) {
    server.expect().get().withPath(logPath(pod, container, previous)).andReturn(200, body).always();
  }

  static void serveIncidentLogs() {
    serveLog(CRASHING, "checkout", false, text("x2k4p-checkout.log"));
    serveLog(CRASHING, "checkout", true, text("x2k4p-checkout-previous.log"));
    serveLog(CRASHING, "envoy", false, text("x2k4p-envoy.log"));
    serveLog(NOT_READY, "checkout", false, text("q8w2n-checkout.log"));
    serveLog(NOT_READY, "checkout", true, text("q8w2n-checkout-previous.log"));
  }

  static PodLogs probe(PodLogSettings settings) {
    return new PodLogs(client, KubernetesSettings.enabledWithDefaults(), settings, CLOCK);
  }

  static Finding read() {
    return probe(PodLogSettings.defaults()).readPodLogs(request());
  }

  static List<String> logRequests() throws InterruptedException {
    List<String> paths = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (request.getPath().contains("/log?")) {
        paths.add(request.getPath());
      }
    }
    return paths;
  }

  /**
   * The incident's five logs do not depend on each other: each answers after 1.5 s here, so read
   * one after another they take 7.5 s, asked at once about 1.5 s (issue 18's probes of 200 ms).
   */
  @Test
  void theFailingPodsLogs_areAskedAtOnce_notOneAfterAnother() throws Exception {
    long late = 1_500;
    serveSlowly(CRASHING, "checkout", false, text("x2k4p-checkout.log"), late);
    serveSlowly(CRASHING, "checkout", true, text("x2k4p-checkout-previous.log"), late);
    serveSlowly(CRASHING, "envoy", false, text("x2k4p-envoy.log"), late);
    serveSlowly(NOT_READY, "checkout", false, text("q8w2n-checkout.log"), late);
    serveSlowly(NOT_READY, "checkout", true, text("q8w2n-checkout-previous.log"), late);
    long started = System.nanoTime();

    Finding finding = read();

    long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
    assertThat(finding.facts()).containsEntry(FindingFacts.POD_LOG_ERRORS, "15");
    assertThat(logRequests()).hasSize(5);
    // in turn: at least 5 x 1.5 s; the margin is for a loaded machine
    assertThat(took).isGreaterThanOrEqualTo(late).isLessThan(4 * late);
  }

  /**
   * fabric8's {@code getLogInputStream()} first waits for the pod through an informer (a list by
   * name and a watch for each log); a failing pod is never Ready, so that is only load on the API
   * server and an error in the worker's log when the list is refused. The probe asks the log alone.
   */
  @Test
  void aLog_isAskedWithoutListingOrWatchingItsPodFirst() throws Exception {
    serveIncidentLogs();

    read();

    List<String> paths = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      paths.add(request.getPath());
    }
    assertThat(paths).filteredOn(p -> p.contains("/log?")).hasSize(5);
    assertThat(paths).noneMatch(p -> p.contains("fieldSelector") || p.contains("watch=true"));
  }

  static void serveSlowly(String pod, String container, boolean previous, String body, long ms) {
    server
        .expect()
        .get()
        .delay(ms, TimeUnit.MILLISECONDS)
        .withPath(logPath(pod, container, previous))
        .andReturn(200, body)
        .always();
  }

  @Test
  void crashLoopingPods_currentAndPreviousLogsGrouped_anomalyWithCountsAndPods() throws Exception {
    serveIncidentLogs();

    Finding finding = read();

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.POD_LOGS);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.facts())
        .containsExactly(
            Map.entry(FindingFacts.POD_LOG_ERRORS, "15"),
            Map.entry(FindingFacts.POD_LOG_TOP_MESSAGE, PAYMENT_FAILED));
    assertThat(finding.summary())
        .isEqualTo(
            "15 error lines in the logs of 3 failing pods of checkout in shop; most frequent (6"
                + " ×): "
                + PAYMENT_FAILED);
    assertThat(finding.evidence())
        .containsExactly(
            "6 × " + PAYMENT_FAILED + " (" + NOT_READY + ")",
            "2 × ERROR <n> --- [checkout] [ main] com.zaxxer.hikari.pool.HikariPool : HikariPool-<n>"
                + " - Exception during pool initialization. ("
                + CRASHING
                + ")",
            "2 × org.postgresql.util.PSQLException: FATAL: remaining connection slots are reserved"
                + " for roles with the SUPERUSER attribute ("
                + CRASHING
                + ")",
            "2 × ERROR <n> --- [checkout] [ main] o.s.boot.SpringApplication : Application run"
                + " failed ("
                + CRASHING
                + ")",
            "2 × [<n>][error][upstream] [source/common/upstream/health_checker_impl.cc:<n>] health"
                + " check failed for host <n>:<n>: connection refused ("
                + CRASHING
                + ")",
            "1 × ERROR <n> --- [checkout] [nio-<n>-exec-<n>] o.a.c.c.C.[.[.[/].[dispatcherServlet] :"
                + " Servlet.service() for servlet [dispatcherServlet] threw exception [Request"
                + " processing failed: java.lang.IllegalState… ("
                + NOT_READY
                + ")",
            "35 lines read since 13:15:00 UTC from 3 failing pods of checkout in shop:",
            CRASHING + ": checkout 10 lines, checkout previous 10 lines, envoy 4 lines",
            NOT_READY + ": checkout 7 lines, checkout previous 4 lines",
            NOT_STARTED + ": checkout not started (ContainerCreating)");
    List<String> asked = logRequests();
    assertThat(asked)
        .containsExactlyInAnyOrder(
            logPath(CRASHING, "checkout", false),
            logPath(CRASHING, "checkout", true),
            logPath(CRASHING, "envoy", false),
            logPath(NOT_READY, "checkout", false),
            logPath(NOT_READY, "checkout", true));
    assertThat(asked).noneMatch(p -> p.contains(HEALTHY));
  }

  @Test
  void noFailingPods_isHealthyAndReadsNoLog() throws Exception {
    for (String pod : List.of(CRASHING, NOT_READY, NOT_STARTED)) {
      client.pods().inNamespace("shop").withName(pod).delete();
    }

    Finding finding = read();

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary()).isEqualTo("no failing pods to read for checkout in shop");
    assertThat(finding.evidence()).containsExactly("1 pod matches app=checkout, none failing");
    assertThat(finding.facts()).isEmpty();
    assertThat(logRequests()).isEmpty();
  }

  @Test
  void failingPodsWithoutErrorLines_areHealthySayingWhatWasRead() {
    String quiet = "2025-03-14T14:12:00.000Z  INFO 1 --- [main] Started\n";
    serveLog(CRASHING, "checkout", false, quiet);
    serveLog(CRASHING, "checkout", true, quiet);
    serveLog(CRASHING, "envoy", false, "");
    serveLog(NOT_READY, "checkout", false, quiet + quiet);
    serveLog(NOT_READY, "checkout", true, quiet);

    Finding finding = read();

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .isEqualTo("no error lines in the logs of 3 failing pods of checkout in shop");
    assertThat(finding.facts()).containsExactly(Map.entry(FindingFacts.POD_LOG_ERRORS, "0"));
    assertThat(finding.evidence())
        .containsExactly(
            "5 lines read since 13:15:00 UTC from 3 failing pods of checkout in shop:",
            CRASHING + ": checkout 1 line, checkout previous 1 line, envoy 0 lines",
            NOT_READY + ": checkout 2 lines, checkout previous 1 line",
            NOT_STARTED + ": checkout not started (ContainerCreating)");
  }

  @Test
  void atMostMaxPodsAreRead_worstFirst_theOthersNamed() throws Exception {
    serveIncidentLogs();

    Finding finding = probe(new PodLogSettings(1, null, null, null)).readPodLogs(request());

    assertThat(finding.facts()).containsEntry(FindingFacts.POD_LOG_ERRORS, "8");
    assertThat(finding.evidence())
        .contains(
            "24 lines read since 13:15:00 UTC from 1 failing pod of checkout in shop:",
            "2 more failing pods not read (incident.kubernetes.pod-logs.max-pods=1): "
                + NOT_READY
                + ", "
                + NOT_STARTED);
    assertThat(logRequests()).allMatch(p -> p.contains(CRASHING));
  }

  @Test
  void aPreviousLogThatIsGone_isEvidenceNotAFailure() {
    server
        .expect()
        .get()
        .withPath(logPath(NOT_READY, "checkout", true))
        .andReturn(
            400,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(400)
                .withReason("BadRequest")
                .withMessage(
                    "previous terminated container \"checkout\" in pod \""
                        + NOT_READY
                        + "\" not found")
                .build())
        .once();
    serveIncidentLogs();

    Finding finding = read();

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.facts()).containsEntry(FindingFacts.POD_LOG_ERRORS, "13");
    assertThat(finding.evidence())
        .contains(
            NOT_READY
                + ": checkout 7 lines, checkout previous no log (400 previous terminated container"
                + " \"checkout\" in pod \""
                + NOT_READY
                + "\" not found)");
  }

  @Test
  void forbiddenPodsLog_isNonRetryableAndNamesTheRbacRule() {
    server
        .expect()
        .get()
        .withPath(logPath(CRASHING, "checkout", false))
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "pods \""
                        + CRASHING
                        + "\" is forbidden: User \"system:serviceaccount:incident:worker\" cannot"
                        + " get resource \"pods/log\" in API group \"\" in the namespace \"shop\"")
                .build())
        .always();

    assertThatThrownBy(PodLogsTest::read)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage())
                  .startsWith(
                      "Kubernetes read the log of pod shop/"
                          + CRASHING
                          + " container checkout: 403 pods")
                  .endsWith(
                      ": the worker's service account needs RBAC verb get on resource pods/log"
                          + " in namespace shop");
            });
  }

  @Test
  void aServerErrorOnTheLog_isRetryableUnavailable() {
    server
        .expect()
        .get()
        .withPath(logPath(CRASHING, "checkout", false))
        .andReturn(
            500,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(500)
                .withMessage(
                    "Get \"https://10.0.3.7:10250/containerLogs/shop/x\": dial tcp: i/o timeout")
                .build())
        .always();
    // As the worker configures it: fabric8 does not retry on its own, Temporal does.
    Config config =
        new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
    try (KubernetesClient once = new KubernetesClientBuilder().withConfig(config).build()) {
      PodLogs probe =
          new PodLogs(
              once, KubernetesSettings.enabledWithDefaults(), PodLogSettings.defaults(), CLOCK);

      assertThatThrownBy(() -> probe.readPodLogs(request()))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              failure -> {
                assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
                assertThat(failure.isNonRetryable()).isFalse();
                assertThat(failure.getOriginalMessage())
                    .startsWith(
                        "Kubernetes read the log of pod shop/"
                            + CRASHING
                            + " container checkout: 500");
              });
    }
  }

  /**
   * The client's request timeout applies to the pod listing too, which must answer well within it
   * on a loaded machine (it did not within 500 ms): only the log endpoint is late. The mock server
   * holds one of its threads for the whole delay, so the test waits it out: a later test's request
   * given that thread would time out.
   */
  @Test
  void aSlowLogEndpoint_timesOutAsRetryableUnavailable() throws InterruptedException {
    long started = System.nanoTime();
    Duration late = Duration.ofSeconds(8);
    server
        .expect()
        .get()
        .delay(late.toMillis(), TimeUnit.MILLISECONDS)
        .withPath(logPath(CRASHING, "checkout", false))
        .andReturn(200, "late")
        .always();
    Config config =
        new ConfigBuilder(client.getConfiguration())
            .withRequestTimeout(5_000)
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient impatient = new KubernetesClientBuilder().withConfig(config).build()) {
      PodLogs probe =
          new PodLogs(
              impatient,
              KubernetesSettings.enabledWithDefaults(),
              PodLogSettings.defaults(),
              CLOCK);

      assertThatThrownBy(() -> probe.readPodLogs(request()))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              failure -> {
                assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
                assertThat(failure.isNonRetryable()).isFalse();
                assertThat(failure.getOriginalMessage())
                    .startsWith(
                        "Kubernetes read the log of pod shop/" + CRASHING + " container checkout:");
              });
    }
    long left = late.toMillis() - Duration.ofNanos(System.nanoTime() - started).toMillis();
    Thread.sleep(Math.max(0, left) + 200);
  }

  @Test
  void aFiveMegabyteLogWithAHugeLine_isReadOnlyUpToTheLimits() {
    StringBuilder big = new StringBuilder();
    big.append("FATAL ").append("x".repeat(10_000)).append('\n');
    String line =
        "2025-03-14T14:12:00.000Z ERROR 1 --- [main] c.e.Cart : cart 123 lost in shard 7\n";
    while (big.length() < 5 * 1024 * 1024) {
      big.append(line);
    }
    serveLog(CRASHING, "checkout", false, big.toString());
    serveLog(CRASHING, "checkout", true, "");
    serveLog(CRASHING, "envoy", false, "");
    serveLog(NOT_READY, "checkout", false, "");
    serveLog(NOT_READY, "checkout", true, "");

    Finding finding = read();

    long total = Long.parseLong(finding.facts().get(FindingFacts.POD_LOG_ERRORS));
    // At most 256 KiB were read, and of those only the last 500 lines count.
    assertThat(total).isEqualTo(500);
    assertThat(finding.facts().get(FindingFacts.POD_LOG_TOP_MESSAGE))
        .isEqualTo("ERROR <n> --- [main] c.e.Cart : cart <n> lost in shard <n>");
    assertThat(finding.evidence())
        .contains(
            CRASHING
                + ": checkout 500 lines (cut at 256 KiB), checkout previous 0 lines,"
                + " envoy 0 lines");
    assertThat(finding.evidence()).allMatch(e -> e.length() <= 301);
    assertThat(finding.summary().length()).isLessThan(300);
  }

  @Test
  void aLongLog_isReadOnlyUpToTheByteLimit_theRestNeverRead() throws IOException {
    long[] served = {0};
    InputStream endless =
        new InputStream() {
          private final byte[] line = "ERROR again and again\n".getBytes(StandardCharsets.UTF_8);

          @Override
          public int read() {
            // A megabyte stands for endless: reading it all would end, and fail the count.
            return served[0] >= 1 << 20 ? -1 : line[(int) (served[0]++ % line.length)];
          }
        };

    PodLogs.Tail tail = PodLogs.tail(endless, 4096, 50);

    assertThat(served[0]).isEqualTo(4097);
    assertThat(tail.truncated()).isTrue();
    assertThat(tail.lines()).hasSize(50).allMatch("ERROR again and again"::equals);
  }
}
