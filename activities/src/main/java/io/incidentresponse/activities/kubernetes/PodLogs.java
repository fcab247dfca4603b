package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;
import io.incidentresponse.activities.diagnosis.Probe;
import io.incidentresponse.activities.logs.ErrorLineGroups;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The POD_LOGS probe: the failing pods' own logs, for a cluster without a log store. Failing pods
 * are found as the POD_HEALTH probe finds them ({@link ProbeWorkload}, {@link
 * ProbePodState#failing}): not Running and Ready, or restarted {@code restart-threshold} times or
 * more; at most {@link PodLogSettings#maxPods()}, crash-looping first, then not Ready, then most
 * restarts. Of each container (init containers included) it reads the current log and, when the
 * container restarted, the previous one ({@code previous=true}: the crash itself is often there),
 * each since the start of the window, the last {@link PodLogSettings#tailLines()} lines and at most
 * {@link PodLogSettings#limitBytes()} bytes (asked of the API server and enforced while reading, so
 * a server that ignores the limit cannot flood the worker). Error lines are grouped by {@link
 * ErrorLineGroups}.
 *
 * <p>ANOMALY when an error line is found: the most frequent messages with their counts and pods;
 * facts {@link FindingFacts#POD_LOG_ERRORS} and {@link FindingFacts#POD_LOG_TOP_MESSAGE}. HEALTHY
 * when none (saying how many lines were read from which pods), and when no pod is failing. A
 * container that never started, a previous log that is gone and a pod deleted meanwhile (400/404)
 * are evidence lines. A 403 on {@code pods/log} is non-retryable INVALID_CREDENTIALS naming the
 * RBAC rule to add; an unreachable API server, a timeout or a 5xx is retryable UNAVAILABLE ({@link
 * KubernetesFailures}). Only reads.
 */
public final class PodLogs implements Probe {
  // Distinct messages kept per call: beyond this they count as "other messages".
  private static final int MAX_DISTINCT = 500;
  private static final int MAX_EVIDENCE_LINE = 300;

  private final KubernetesClient client;
  private final KubernetesSettings kubernetes;
  private final PodLogSettings settings;
  private final Clock clock;
  private final DateTimeFormatter seconds;

  public PodLogs(
      KubernetesClient client,
      KubernetesSettings kubernetes,
      PodLogSettings settings,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.seconds = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(clock.getZone());
  }

  @Override
  public Finding inspect(DiagnosisRequest request) {
    return readPodLogs(request);
  }

  public Finding readPodLogs(DiagnosisRequest request) {
    Instant to = request.to() != null ? request.to() : clock.instant();
    Instant since = request.from() != null ? request.from() : to.minus(Duration.ofHours(1));
    ProbeWorkload workload =
        ProbeWorkload.resolve(
            client, kubernetes, request.service(), request.namespace(), request.labels());
    int threshold = kubernetes.restartThreshold();
    List<Pod> pods = workload.pods(client);
    List<Pod> failing =
        pods.stream()
            .filter(p -> ProbePodState.of(p).failing(threshold))
            .sorted(WORST_FIRST)
            .toList();
    String subject = workload.deploymentName() + " in " + workload.namespace();
    if (failing.isEmpty()) {
      return finding(
          FindingOutcome.HEALTHY,
          "no failing pods to read for " + subject,
          List.of(
              pods.size()
                  + (pods.size() == 1 ? " pod matches " : " pods match ")
                  + workload.selectorText()
                  + ", none failing"),
          Map.of());
    }
    List<Pod> chosen = failing.subList(0, Math.min(settings.maxPods(), failing.size()));
    ErrorLineGroups groups = new ErrorLineGroups(MAX_DISTINCT);
    List<String> reads = readPods(workload.namespace(), chosen, since, groups);
    List<String> evidence = new ArrayList<>();
    long errors = groups.errorLines();
    String pluralPods = chosen.size() + " failing pod" + (chosen.size() == 1 ? "" : "s");
    String header =
        groups.lines()
            + " line"
            + (groups.lines() == 1 ? "" : "s")
            + " read since "
            + seconds.format(since)
            + " from "
            + pluralPods
            + " of "
            + subject
            + ":";
    if (errors > 0) {
      List<ErrorLineGroups.Group> top = groups.top(settings.maxGroups());
      top.forEach(g -> evidence.add(cut(g.describe())));
      long others = groups.othersThan(settings.maxGroups());
      if (others > 0) {
        evidence.add(ErrorLineGroups.counted(others, "other messages"));
      }
    }
    evidence.add(header);
    reads.forEach(r -> evidence.add(cut("  " + r)));
    if (failing.size() > chosen.size()) {
      List<String> left =
          failing.subList(chosen.size(), failing.size()).stream()
              .map(p -> p.getMetadata().getName())
              .toList();
      evidence.add(
          cut(
              left.size()
                  + " more failing pod"
                  + (left.size() == 1 ? "" : "s")
                  + " not read (incident.kubernetes.pod-logs.max-pods="
                  + settings.maxPods()
                  + "): "
                  + String.join(", ", left.subList(0, Math.min(5, left.size())))
                  + (left.size() > 5 ? ", …" : "")));
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(FindingFacts.POD_LOG_ERRORS, Long.toString(errors));
    if (errors == 0) {
      return finding(
          FindingOutcome.HEALTHY,
          "no error lines in the logs of " + pluralPods + " of " + subject,
          evidence,
          facts);
    }
    ErrorLineGroups.Group top = groups.top(1).get(0);
    facts.put(FindingFacts.POD_LOG_TOP_MESSAGE, top.message());
    String summary =
        errors
            + " error line"
            + (errors == 1 ? "" : "s")
            + " in the logs of "
            + pluralPods
            + " of "
            + subject
            + "; most frequent ("
            + top.count()
            + " ×): "
            + ErrorLineGroups.oneLine(top.message(), 160);
    return finding(FindingOutcome.ANOMALY, summary, evidence, facts);
  }

  /** Crash-looping first, then not Ready, then most restarts, then by name. */
  private static final Comparator<Pod> WORST_FIRST =
      Comparator.comparing((Pod p) -> !ProbePodState.of(p).crashLooping())
          .thenComparing(p -> ProbePodState.of(p).runningAndReady())
          .thenComparing(p -> -ProbePodState.of(p).restarts())
          .thenComparing(p -> p.getMetadata().getName());

  /** What the finding says of one container: a text, or a log read for it. */
  private sealed interface Part permits Said, LogRead {}

  /** A text about a container, e.g. {@code app not started (ContainerCreating)}. */
  private record Said(String text) implements Part {}

  /** One container log to read. */
  private record LogRead(String pod, String container, boolean previous) implements Part {
    String label() {
      return container + (previous ? " previous" : "");
    }
  }

  /**
   * Reads the chosen pods' containers, every log at once (issue 18: the logs do not depend on each
   * other, so the probe takes the slowest, not their sum), then groups their lines in the pods'
   * order, so the finding reads the same however the answers came; says per pod what was read, e.g.
   * {@code pod-a: app 500 lines, app previous 80 lines}.
   */
  private List<String> readPods(
      String namespace, List<Pod> pods, Instant since, ErrorLineGroups groups) {
    List<LogRead> logs = new ArrayList<>();
    // per pod, in its containers' order
    Map<String, List<Part>> parts = new LinkedHashMap<>();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      List<Part> said = parts.computeIfAbsent(name, n -> new ArrayList<>());
      for (ContainerStatus container : containers(pod)) {
        boolean restarted =
            (container.getRestartCount() != null && container.getRestartCount() > 0)
                || (container.getLastState() != null
                    && container.getLastState().getTerminated() != null);
        var state = container.getState();
        boolean started =
            restarted
                || (state != null && (state.getRunning() != null || state.getTerminated() != null));
        if (!started) {
          String waiting =
              state != null && state.getWaiting() != null ? state.getWaiting().getReason() : null;
          said.add(
              new Said(
                  container.getName()
                      + " not started"
                      + (waiting == null ? "" : " (" + waiting + ")")));
          continue;
        }
        LogRead current = new LogRead(name, container.getName(), false);
        said.add(current);
        logs.add(current);
        if (restarted) {
          LogRead previous = new LogRead(name, container.getName(), true);
          said.add(previous);
          logs.add(previous);
        }
      }
    }
    List<Supplier<LogAnswer>> sent = new ArrayList<>();
    for (LogRead log : logs) {
      sent.add(() -> read(namespace, log, since));
    }
    List<LogAnswer> answers = KubernetesReads.all(sent);
    Map<LogRead, LogAnswer> answered = new IdentityHashMap<>();
    for (int i = 0; i < logs.size(); i++) {
      answered.put(logs.get(i), answers.get(i));
    }
    List<String> reads = new ArrayList<>();
    for (Map.Entry<String, List<Part>> pod : parts.entrySet()) {
      List<String> said = new ArrayList<>();
      for (Part part : pod.getValue()) {
        said.add(
            part instanceof LogRead log
                ? said(log, answered.get(log), groups)
                : ((Said) part).text());
      }
      reads.add(
          pod.getKey()
              + ": "
              + (said.isEmpty() ? "no container started" : String.join(", ", said)));
    }
    return reads;
  }

  /** Adds a log's lines to {@code groups}; says how many, or why none. */
  private String said(LogRead log, LogAnswer answer, ErrorLineGroups groups) {
    if (answer.none() != null) {
      return answer.none();
    }
    Tail tail = answer.tail();
    tail.lines().forEach(line -> groups.add(line, log.pod()));
    int count = tail.lines().size();
    return log.label()
        + " "
        + count
        + " line"
        + (count == 1 ? "" : "s")
        + (tail.truncated() ? " (cut at " + settings.limitBytes() / 1024 + " KiB)" : "");
  }

  private static List<ContainerStatus> containers(Pod pod) {
    if (pod.getStatus() == null) {
      return List.of();
    }
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus().getInitContainerStatuses() != null) {
      all.addAll(pod.getStatus().getInitContainerStatuses());
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      all.addAll(pod.getStatus().getContainerStatuses());
    }
    return all;
  }

  /** A container log's {@link Tail}, or a text saying why there is none (400/404). */
  private record LogAnswer(Tail tail, String none) {}

  private LogAnswer read(String namespace, LogRead log, Instant since) {
    String what =
        "read the "
            + (log.previous() ? "previous " : "")
            + "log of pod "
            + namespace
            + "/"
            + log.pod()
            + " container "
            + log.container();
    try (InputStream in = logStream(namespace, log, since)) {
      return new LogAnswer(tail(in, settings.limitBytes(), settings.tailLines()), null);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        throw ApplicationFailure.newNonRetryableFailure(
            KubernetesFailures.classify(what, e).getOriginalMessage()
                + ": the worker's service account needs RBAC verb get on resource pods/log in"
                + " namespace "
                + namespace,
            FailureType.INVALID_CREDENTIALS.type());
      }
      if (e.getCode() == 400 || e.getCode() == 404) {
        // No such container run (never started, previous gone) or the pod was deleted meanwhile.
        return new LogAnswer(null, log.label() + " no log (" + cut(reason(e), 120) + ")");
      }
      throw KubernetesFailures.classify(what, e);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "Kubernetes " + what + ": " + e.getMessage(), FailureType.UNAVAILABLE.type());
    }
  }

  /** The last lines of a log, and whether its byte limit cut it. */
  record Tail(List<String> lines, boolean truncated) {}

  /**
   * At most {@code limitBytes} of {@code in} (one byte more is read only to tell that there was
   * more; the rest is never read), as its last {@code tailLines} complete lines.
   */
  static Tail tail(InputStream in, int limitBytes, int tailLines) throws IOException {
    byte[] bytes = in.readNBytes(limitBytes + 1);
    boolean truncated = bytes.length > limitBytes;
    String text = new String(bytes, 0, Math.min(bytes.length, limitBytes), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
    if (!lines.isEmpty() && (truncated || lines.get(lines.size() - 1).isEmpty())) {
      // The last piece is either a partial line (cut) or what follows the final newline.
      lines.remove(lines.size() - 1);
    }
    return new Tail(
        List.copyOf(lines.subList(Math.max(0, lines.size() - tailLines), lines.size())), truncated);
  }

  /**
   * The log's body as it arrives, through fabric8's HTTP client (its credentials, TLS, request
   * timeout and retries): {@code GET pods/<pod>/log} with the same parameters fabric8's {@code
   * getLogInputStream()} sends. Not that method: before each read it waits for the pod to be Ready
   * or terminated through an informer (a pod list and a watch per log, logged as an error when the
   * list is refused), which a failing pod never is.
   */
  private InputStream logStream(String namespace, LogRead log, Instant since) throws IOException {
    String query =
        "pretty=false&container="
            + encode(log.container())
            + (log.previous() ? "&previous=true" : "")
            + "&sinceTime="
            + since
            + "&tailLines="
            + settings.tailLines()
            + "&limitBytes="
            + settings.limitBytes();
    String url =
        URLUtils.join(
            client.getMasterUrl().toString(),
            "api/v1/namespaces",
            encode(namespace),
            "pods",
            encode(log.pod()),
            "log?" + query);
    HttpClient http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(url)
            .timeout(client.getConfiguration().getRequestTimeout(), TimeUnit.MILLISECONDS)
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.sendAsync(request, InputStream.class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted", e);
    } catch (ExecutionException e) {
      throw new KubernetesClientException(
          Objects.toString(e.getCause().getMessage(), e.getCause().getClass().getSimpleName()),
          e.getCause());
    }
    if (response.isSuccessful()) {
      return response.body();
    }
    String body;
    try (InputStream error = response.body()) {
      body = new String(error.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    }
    Status status;
    try {
      status = client.getKubernetesSerialization().unmarshal(body, Status.class);
    } catch (RuntimeException notAStatus) {
      status = null;
    }
    if (status == null || status.getCode() == null) {
      status = new StatusBuilder().withCode(response.code()).withMessage(body.strip()).build();
    }
    throw new KubernetesClientException(status);
  }

  private static String encode(String segment) {
    return URLUtils.encodeToUTF(segment);
  }

  private static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getCode() + " " + e.getStatus().getMessage();
    }
    return e.getCode() + " " + Objects.toString(e.getMessage(), "");
  }

  private static String cut(String line) {
    return cut(line, MAX_EVIDENCE_LINE);
  }

  private static String cut(String line, int max) {
    return ErrorLineGroups.oneLine(line, max);
  }

  private Finding finding(
      FindingOutcome outcome, String summary, List<String> evidence, Map<String, String> facts) {
    return new Finding(
        DiagnosisProbe.POD_LOGS, outcome, summary, evidence, List.of(), clock.instant(), facts);
  }
}
