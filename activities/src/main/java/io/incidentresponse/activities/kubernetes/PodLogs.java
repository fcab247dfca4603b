package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.BytesLimitTerminateTimeTailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    List<String> reads = new ArrayList<>();
    for (Pod pod : chosen) {
      reads.add(readPod(workload.namespace(), pod, since, groups));
    }
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

  /** Reads one pod's containers; says what was read, e.g. {@code pod-a: app 500 lines, ...}. */
  private String readPod(String namespace, Pod pod, Instant since, ErrorLineGroups groups) {
    String name = pod.getMetadata().getName();
    List<String> parts = new ArrayList<>();
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
        parts.add(
            container.getName() + " not started" + (waiting == null ? "" : " (" + waiting + ")"));
        continue;
      }
      parts.add(read(namespace, name, container.getName(), false, since, groups));
      if (restarted) {
        parts.add(read(namespace, name, container.getName(), true, since, groups));
      }
    }
    return name + ": " + (parts.isEmpty() ? "no container started" : String.join(", ", parts));
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

  /** Reads one container log into {@code groups}; says how many lines, or why none. */
  private String read(
      String namespace,
      String pod,
      String container,
      boolean previous,
      Instant since,
      ErrorLineGroups groups) {
    String label = container + (previous ? " previous" : "");
    String what =
        "read the "
            + (previous ? "previous " : "")
            + "log of pod "
            + namespace
            + "/"
            + pod
            + " container "
            + container;
    Tail tail;
    try (InputStream in = logs(namespace, pod, container, previous, since).getLogInputStream()) {
      tail = tail(in, settings.limitBytes(), settings.tailLines());
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
        return label + " no log (" + cut(reason(e), 120) + ")";
      }
      throw KubernetesFailures.classify(what, e);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "Kubernetes " + what + ": " + e.getMessage(), FailureType.UNAVAILABLE.type());
    }
    tail.lines().forEach(line -> groups.add(line, pod));
    int count = tail.lines().size();
    return label
        + " "
        + count
        + " line"
        + (count == 1 ? "" : "s")
        + (tail.truncated() ? " (cut at " + settings.limitBytes() / 1024 + " KiB)" : "");
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

  private Loggable logs(
      String namespace, String pod, String container, boolean previous, Instant since) {
    TimeTailPrettyLoggable logs =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer(container)
            .limitBytes(settings.limitBytes());
    if (previous) {
      // fabric8's types drop terminated() after limitBytes(); its implementation keeps both.
      logs =
          logs instanceof BytesLimitTerminateTimeTailPrettyLoggable both
              ? both.terminated()
              : client
                  .pods()
                  .inNamespace(namespace)
                  .withName(pod)
                  .inContainer(container)
                  .terminated();
    }
    return logs.sinceTime(since.toString()).tailingLines(settings.tailLines());
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
