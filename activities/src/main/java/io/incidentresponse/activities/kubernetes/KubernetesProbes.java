package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.incidentresponse.activities.ProbePools;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The four Kubernetes diagnosis probes (each a {@link
 * io.incidentresponse.activities.diagnosis.Probe Probe}): pod health, events, rollout history, node
 * health. They only read. Every API failure goes through {@link KubernetesFailures}; what the API
 * answers, including "nothing there", is a finding. Findings carry facts ({@link FindingFacts}) and
 * no proposals: the workflow's hypothesis ranking turns facts into proposals.
 *
 * <p>Decisions worth knowing:
 *
 * <ul>
 *   <li>A missing Deployment is not a failure: pods are then found by {@code
 *       <selectorLabel>=<service>}; rollout history answers HEALTHY with "no deployment ... no
 *       rollout history" (the probe looked and there is no rollout to blame; UNAVAILABLE would say
 *       it could not look).
 *   <li>Pods being deleted are left out; {@code pods.pending} counts Pending pods that are neither
 *       pulling an image in vain nor crash-looping (those have their own counts).
 *   <li>Events older than {@code request.from()} are left out, so an old Warning kept by a long
 *       event TTL does not make the probe an anomaly.
 *   <li>A rollout is dated by its ReplicaSet's {@code creationTimestamp}. A {@code kubectl rollout
 *       undo} reuses an old ReplicaSet under a new revision number, so its date is the old one.
 *   <li>Cordoned (unschedulable) nodes are evidence, not an anomaly by themselves: nodes are
 *       cordoned for routine maintenance.
 *   <li>metrics.k8s.io missing (no metrics-server, 404) or refusing (403) is a line of evidence,
 *       not a failure.
 * </ul>
 */
public final class KubernetesProbes {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
  private static final List<String> PRESSURES =
      List.of("MemoryPressure", "DiskPressure", "PIDPressure");

  private final KubernetesClient client;
  private final KubernetesSettings settings;
  private final Clock clock;
  private final DateTimeFormatter seconds;
  private final DateTimeFormatter minutes;

  public KubernetesProbes(KubernetesClient client, KubernetesSettings settings, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.seconds = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(clock.getZone());
    this.minutes = DateTimeFormatter.ofPattern("HH:mm").withZone(clock.getZone());
  }

  private ProbeWorkload workload(DiagnosisRequest request) {
    return ProbeWorkload.resolve(
        client, settings, request.service(), request.namespace(), request.labels());
  }

  private static String where(ProbeWorkload workload) {
    return workload.deploymentName() + " in " + workload.namespace();
  }

  // ---------------------------------------------------------------- pods

  /** {@link DiagnosisProbe#POD_HEALTH}: pods not Running and Ready, with reasons and restarts. */
  public Finding inspectPods(DiagnosisRequest request) {
    ProbeWorkload workload = workload(request);
    List<ProbePodState> pods = workload.pods(client).stream().map(ProbePodState::of).toList();
    Map<String, String> facts = workloadFacts(workload);
    List<String> evidence = new ArrayList<>();
    Deployment deployment = workload.deployment();
    if (deployment != null && deployment.getStatus() != null) {
      var status = deployment.getStatus();
      evidence.add(
          "deployment "
              + workload.deploymentName()
              + ": "
              + orZero(workload.replicas())
              + " desired, "
              + orZero(status.getUpdatedReplicas())
              + " updated, "
              + orZero(status.getReadyReplicas())
              + " ready, "
              + orZero(status.getAvailableReplicas())
              + " available");
    }
    if (pods.isEmpty()) {
      String summary = "no pods match " + workload.selectorText() + " in " + workload.namespace();
      if (workload.replicas() != null) {
        summary += " (deployment wants " + workload.replicas() + ")";
      }
      facts.put(FindingFacts.PODS_UNHEALTHY, "0");
      evidence.add(summary);
      return finding(DiagnosisProbe.POD_HEALTH, FindingOutcome.ANOMALY, summary, evidence, facts);
    }
    int threshold = settings.restartThreshold();
    List<ProbePodState> flagged = pods.stream().filter(p -> p.failing(threshold)).toList();
    long unhealthy = pods.stream().filter(p -> !p.runningAndReady()).count();
    long oom = pods.stream().filter(ProbePodState::oomKilled).count();
    long crashLooping = pods.stream().filter(ProbePodState::crashLooping).count();
    long imagePull = pods.stream().filter(ProbePodState::imagePullFailing).count();
    long pending = pods.stream().filter(ProbePodState::pending).count();
    long restarting = pods.stream().filter(p -> p.restarts() >= threshold).count();
    facts.put(FindingFacts.PODS_UNHEALTHY, String.valueOf(unhealthy));
    facts.put(FindingFacts.PODS_OOM_KILLED, String.valueOf(oom));
    facts.put(FindingFacts.PODS_CRASH_LOOPING, String.valueOf(crashLooping));
    facts.put(FindingFacts.PODS_IMAGE_PULL, String.valueOf(imagePull));
    facts.put(FindingFacts.PODS_PENDING, String.valueOf(pending));
    Set<String> nodes =
        flagged.stream()
            .map(ProbePodState::node)
            .filter(Objects::nonNull)
            .collect(Collectors.toCollection(TreeSet::new));
    if (!nodes.isEmpty()) {
      facts.put(FindingFacts.PODS_NODES, String.join(",", nodes));
    }
    flagged.stream().map(ProbePodState::describe).forEach(evidence::add);
    long ready = pods.size() - unhealthy;
    if (flagged.isEmpty()) {
      String summary =
          where(workload) + ": " + ready + "/" + pods.size() + " pods Running and Ready";
      return finding(DiagnosisProbe.POD_HEALTH, FindingOutcome.HEALTHY, summary, evidence, facts);
    }
    List<String> parts = new ArrayList<>();
    addCount(parts, crashLooping, "CrashLoopBackOff");
    addCount(parts, oom, "OOMKilled");
    addCount(parts, imagePull, "failing to pull the image");
    addCount(parts, pending, "Pending");
    if (restarting > 0) {
      parts.add(restarting + " restarted " + threshold + "+ times");
    }
    String summary =
        where(workload)
            + ": "
            + ready
            + "/"
            + pods.size()
            + " pods Running and Ready"
            + (parts.isEmpty() ? "" : "; " + String.join(", ", parts));
    return finding(DiagnosisProbe.POD_HEALTH, FindingOutcome.ANOMALY, summary, evidence, facts);
  }

  private static void addCount(List<String> parts, long count, String what) {
    if (count > 0) {
      parts.add(count + " " + what);
    }
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  // ---------------------------------------------------------------- events

  /**
   * {@link DiagnosisProbe#KUBERNETES_EVENTS}: events about the deployment, its ReplicaSets and pods
   * (their names start with the deployment's), newest first, at most {@code eventLimit}; any
   * Warning makes it an anomaly.
   */
  public Finding inspectEvents(DiagnosisRequest request) {
    String ns = namespace(request);
    String name = deploymentName(request);
    List<Event> all =
        KubernetesFailures.call(
            "list events in " + ns, () -> client.v1().events().inNamespace(ns).list().getItems());
    record Dated(Event event, Instant at) {}
    List<Dated> events =
        all.stream()
            .filter(
                e ->
                    e.getInvolvedObject() != null
                        && e.getInvolvedObject().getName() != null
                        && e.getInvolvedObject().getName().startsWith(name))
            .map(e -> new Dated(e, eventTime(e)))
            .filter(
                d -> request.from() == null || d.at() == null || !d.at().isBefore(request.from()))
            .sorted(
                Comparator.comparing(
                    Dated::at, Comparator.nullsLast(Comparator.<Instant>reverseOrder())))
            .toList();
    List<Dated> warnings =
        events.stream().filter(d -> "Warning".equals(d.event().getType())).toList();
    List<String> evidence =
        events.stream().limit(settings.eventLimit()).map(d -> describe(d.event(), d.at())).toList();
    String subject = name + " in " + ns;
    if (events.isEmpty()) {
      return finding(
          DiagnosisProbe.KUBERNETES_EVENTS,
          FindingOutcome.HEALTHY,
          "no events for " + subject + " in the window",
          List.of(),
          Map.of());
    }
    if (warnings.isEmpty()) {
      return finding(
          DiagnosisProbe.KUBERNETES_EVENTS,
          FindingOutcome.HEALTHY,
          events.size() + " events for " + subject + ", none a Warning",
          evidence,
          Map.of());
    }
    Map<String, Long> reasons = new TreeMap<>();
    for (Dated warning : warnings) {
      reasons.merge(String.valueOf(warning.event().getReason()), 1L, Long::sum);
    }
    String summary =
        warnings.size()
            + " Warning event"
            + (warnings.size() == 1 ? "" : "s")
            + " for "
            + subject
            + ": "
            + reasons.entrySet().stream()
                .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    return finding(
        DiagnosisProbe.KUBERNETES_EVENTS, FindingOutcome.ANOMALY, summary, evidence, Map.of());
  }

  /** lastTimestamp, else eventTime, else firstTimestamp, else creationTimestamp; null if none. */
  static Instant eventTime(Event event) {
    Instant at = instant(event.getLastTimestamp());
    if (at == null && event.getEventTime() != null) {
      at = instant(event.getEventTime().getTime());
    }
    if (at == null) {
      at = instant(event.getFirstTimestamp());
    }
    if (at == null && event.getMetadata() != null) {
      at = instant(event.getMetadata().getCreationTimestamp());
    }
    return at;
  }

  /** {@code 14:02:11 Warning BackOff pod/checkout-abc: Back-off restarting ... (x12)}. */
  private String describe(Event event, Instant at) {
    var object = event.getInvolvedObject();
    String kind = object.getKind() == null ? "object" : object.getKind().toLowerCase();
    int count = event.getCount() == null ? 1 : event.getCount();
    if (event.getSeries() != null && event.getSeries().getCount() != null) {
      count = Math.max(count, event.getSeries().getCount());
    }
    return (at == null ? "--:--:--" : seconds.format(at))
        + " "
        + event.getType()
        + " "
        + event.getReason()
        + " "
        + kind
        + "/"
        + object.getName()
        + ": "
        + (event.getMessage() == null ? "" : event.getMessage().strip())
        + (count > 1 ? " (x" + count + ")" : "");
  }

  // ---------------------------------------------------------------- rollouts

  /**
   * {@link DiagnosisProbe#ROLLOUT_HISTORY}: the deployment's revisions (its ReplicaSets), newest
   * first; an anomaly when the newest was created within {@code changeWindow} before detection.
   */
  public Finding inspectRollouts(DiagnosisRequest request) {
    String ns = namespace(request);
    String name = deploymentName(request);
    Deployment deployment =
        KubernetesFailures.call(
            "get deployment " + ns + "/" + name,
            () -> client.apps().deployments().inNamespace(ns).withName(name).get());
    if (deployment == null) {
      String summary = "no deployment " + name + " in " + ns + ": no rollout history";
      return finding(
          DiagnosisProbe.ROLLOUT_HISTORY,
          FindingOutcome.HEALTHY,
          summary,
          List.of(summary),
          Map.of());
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(FindingFacts.DEPLOYMENT, name);
    if (deployment.getSpec() != null && deployment.getSpec().getReplicas() != null) {
      facts.put(FindingFacts.REPLICAS, String.valueOf(deployment.getSpec().getReplicas()));
    }
    Map<String, String> selector =
        deployment.getSpec() != null
                && deployment.getSpec().getSelector() != null
                && deployment.getSpec().getSelector().getMatchLabels() != null
            ? deployment.getSpec().getSelector().getMatchLabels()
            : Map.of();
    String uid = deployment.getMetadata().getUid();
    List<ReplicaSet> replicaSets =
        KubernetesFailures.call(
            "list replicasets of " + ns + "/" + name,
            () ->
                (selector.isEmpty()
                        ? client.apps().replicaSets().inNamespace(ns).list()
                        : client.apps().replicaSets().inNamespace(ns).withLabels(selector).list())
                    .getItems());
    List<ProbeRevision> revisions =
        replicaSets.stream()
            .filter(rs -> ownedBy(rs, uid, name, selector))
            .map(ProbeRevision::of)
            .sorted(Comparator.comparingLong(ProbeRevision::number).reversed())
            .toList();
    if (revisions.isEmpty()) {
      String summary = "deployment " + name + " in " + ns + " has no ReplicaSets";
      return finding(
          DiagnosisProbe.ROLLOUT_HISTORY, FindingOutcome.HEALTHY, summary, List.of(), facts);
    }
    ProbeRevision newest = revisions.get(0);
    ProbeRevision previous = revisions.size() > 1 ? revisions.get(1) : null;
    if (newest.createdAt() != null) {
      facts.put(FindingFacts.ROLLOUT_AT, newest.createdAt().toString());
    }
    facts.put(FindingFacts.ROLLOUT_REVISION, String.valueOf(newest.number()));
    facts.put(FindingFacts.ROLLOUT_IMAGE, newest.images());
    if (previous != null) {
      facts.put(FindingFacts.ROLLOUT_PREVIOUS_REVISION, String.valueOf(previous.number()));
      facts.put(FindingFacts.ROLLOUT_PREVIOUS_IMAGE, previous.images());
    }
    List<String> evidence = revisions.stream().map(ProbeRevision::describe).toList();
    Instant detection = request.to() != null ? request.to() : clock.instant();
    Duration window = settings.changeWindow();
    boolean recent =
        newest.createdAt() != null
            && !newest.createdAt().isAfter(detection)
            && !newest.createdAt().isBefore(detection.minus(window));
    String headline =
        "revision "
            + newest.number()
            + " ("
            + newest.images()
            + ") rolled out "
            + (newest.createdAt() == null
                ? "at an unknown time"
                : minutes.format(newest.createdAt()));
    if (recent) {
      long before = Duration.between(newest.createdAt(), detection).toMinutes();
      String summary =
          headline
              + ", "
              + before
              + " min before detection"
              + (previous == null
                  ? "; no previous revision"
                  : "; previous revision " + previous.number() + " (" + previous.images() + ")");
      return finding(
          DiagnosisProbe.ROLLOUT_HISTORY, FindingOutcome.ANOMALY, summary, evidence, facts);
    }
    String summary =
        "no rollout of "
            + name
            + " within "
            + human(window)
            + " before detection; newest "
            + headline
            + (newest.createdAt() == null ? "" : " on " + newest.createdAt());
    return finding(
        DiagnosisProbe.ROLLOUT_HISTORY, FindingOutcome.HEALTHY, summary, evidence, facts);
  }

  /**
   * Owned when an owner reference carries the Deployment's uid; a ReplicaSet with no controller at
   * all counts when it carries the Deployment's selector labels (it was listed by them).
   */
  private static boolean ownedBy(
      ReplicaSet rs, String uid, String name, Map<String, String> selector) {
    List<OwnerReference> owners = rs.getMetadata().getOwnerReferences();
    if (owners != null && !owners.isEmpty()) {
      return owners.stream()
          .anyMatch(
              o ->
                  "Deployment".equals(o.getKind())
                      && (uid != null ? uid.equals(o.getUid()) : name.equals(o.getName())));
    }
    Map<String, String> labels = rs.getMetadata().getLabels();
    return !selector.isEmpty()
        && labels != null
        && labels.entrySet().containsAll(selector.entrySet());
  }

  private static String human(Duration window) {
    if (window.toMinutesPart() == 0 && window.toSecondsPart() == 0 && window.toHours() > 0) {
      return window.toHours() + "h";
    }
    return window.toMinutes() + " min";
  }

  // ---------------------------------------------------------------- nodes

  /**
   * {@link DiagnosisProbe#NODE_HEALTH}: conditions of the nodes that host the service's pods (all
   * nodes when it has none scheduled), cordoned nodes, and usage from metrics.k8s.io when served.
   */
  public Finding inspectNodes(DiagnosisRequest request) {
    ProbeWorkload workload = workload(request);
    List<Pod> pods = workload.pods(client);
    Set<String> hosts =
        pods.stream()
            .map(p -> p.getSpec() == null ? null : p.getSpec().getNodeName())
            .filter(Objects::nonNull)
            .collect(Collectors.toCollection(TreeSet::new));
    // The nodes and their usage do not depend on each other: asked at once (issue 18), the probe
    // takes the Deployment, the pods, then the slowest of these, not each in turn.
    CompletableFuture<List<NodeMetrics>> nodeUsage =
        KubernetesReads.send(() -> client.top().nodes().metrics().getItems());
    CompletableFuture<List<PodMetrics>> podUsage =
        KubernetesReads.send(
            () ->
                client
                    .top()
                    .pods()
                    .inNamespace(workload.namespace())
                    .withLabels(workload.selector())
                    .metrics()
                    .getItems());
    List<Node> nodes;
    String scope;
    if (hosts.isEmpty()) {
      nodes = KubernetesFailures.call("list nodes", () -> client.nodes().list().getItems());
      scope = "all " + nodes.size() + " nodes";
    } else {
      List<Supplier<Node>> reads = new ArrayList<>();
      for (String host : hosts) {
        reads.add(
            () ->
                KubernetesFailures.call(
                    "get node " + host, () -> client.nodes().withName(host).get()));
      }
      nodes = KubernetesReads.all(reads).stream().filter(Objects::nonNull).toList();
      scope =
          nodes.size() + " node" + (nodes.size() == 1 ? "" : "s") + " hosting " + where(workload);
    }
    nodes = nodes.stream().sorted(Comparator.comparing(n -> n.getMetadata().getName())).toList();

    List<String> evidence = new ArrayList<>();
    Set<String> unhealthy = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (Node node : nodes) {
      String nodeName = node.getMetadata().getName();
      List<String> issues = nodeIssues(node);
      if (!issues.isEmpty()) {
        unhealthy.add(nodeName);
        problems.add(
            nodeName
                + " "
                + issues.stream().map(i -> i.split(" ", 2)[0]).collect(Collectors.joining(", ")));
      }
      boolean cordoned =
          node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
      List<String> parts = new ArrayList<>(issues);
      if (parts.isEmpty()) {
        parts.add("Ready");
      }
      if (cordoned) {
        parts.add("SchedulingDisabled");
      }
      evidence.add(nodeName + ": " + String.join(", ", parts));
    }
    usage(nodes, nodeUsage, podUsage, evidence);
    Map<String, String> facts = new LinkedHashMap<>();
    if (!unhealthy.isEmpty()) {
      facts.put(FindingFacts.NODES_UNHEALTHY, String.join(",", unhealthy));
      String summary =
          unhealthy.size() + " of " + scope + " unhealthy: " + String.join("; ", problems);
      return finding(DiagnosisProbe.NODE_HEALTH, FindingOutcome.ANOMALY, summary, evidence, facts);
    }
    String summary =
        nodes.isEmpty() ? "no nodes found" : scope + " Ready, no memory, disk or PID pressure";
    return finding(DiagnosisProbe.NODE_HEALTH, FindingOutcome.HEALTHY, summary, evidence, facts);
  }

  /** {@code NotReady (KubeletNotReady: ...)}, {@code MemoryPressure (...)}; empty when healthy. */
  private static List<String> nodeIssues(Node node) {
    List<String> issues = new ArrayList<>();
    List<NodeCondition> conditions =
        node.getStatus() == null || node.getStatus().getConditions() == null
            ? List.of()
            : node.getStatus().getConditions();
    for (NodeCondition condition : conditions) {
      String type = condition.getType();
      String status = condition.getStatus();
      if ("Ready".equals(type) && !"True".equals(status)) {
        issues.add(
            0,
            "NotReady"
                + explain(
                    "Unknown".equals(status) ? "Unknown" : null,
                    condition.getReason(),
                    condition.getMessage()));
      } else if (PRESSURES.contains(type) && "True".equals(status)) {
        issues.add(type + explain(null, condition.getReason(), condition.getMessage()));
      }
    }
    return issues;
  }

  private static String explain(String status, String reason, String message) {
    List<String> parts = new ArrayList<>();
    if (status != null) {
      parts.add(status);
    }
    if (reason != null && !reason.isBlank()) {
      parts.add(reason);
    }
    String text = String.join(", ", parts);
    if (message != null && !message.isBlank()) {
      text = text.isEmpty() ? message.strip() : text + ": " + message.strip();
    }
    return text.isEmpty() ? "" : " (" + text + ")";
  }

  /** Node and pod usage from metrics.k8s.io; a line saying it is not served when it is not. */
  private void usage(
      List<Node> nodes,
      CompletableFuture<List<NodeMetrics>> nodeUsage,
      CompletableFuture<List<PodMetrics>> podUsage,
      List<String> evidence) {
    if (nodes.isEmpty()) {
      return;
    }
    try {
      Map<String, NodeMetrics> byNode = new TreeMap<>();
      for (NodeMetrics metrics : ProbePools.answer(nodeUsage)) {
        byNode.put(metrics.getMetadata().getName(), metrics);
      }
      for (Node node : nodes) {
        NodeMetrics metrics = byNode.get(node.getMetadata().getName());
        if (metrics == null || metrics.getUsage() == null) {
          continue;
        }
        Map<String, Quantity> allocatable =
            node.getStatus() == null || node.getStatus().getAllocatable() == null
                ? Map.of()
                : node.getStatus().getAllocatable();
        evidence.add(
            node.getMetadata().getName()
                + " usage: cpu "
                + usage("cpu", metrics.getUsage().get("cpu"), allocatable.get("cpu"))
                + ", memory "
                + usage("memory", metrics.getUsage().get("memory"), allocatable.get("memory")));
      }
      for (PodMetrics pod : ProbePools.answer(podUsage)) {
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal memory = BigDecimal.ZERO;
        for (var container : pod.getContainers()) {
          cpu = cpu.add(amount(container.getUsage().get("cpu")));
          memory = memory.add(amount(container.getUsage().get("memory")));
        }
        evidence.add(
            pod.getMetadata().getName()
                + " usage: cpu "
                + formatCpu(cpu)
                + ", memory "
                + formatMemory(memory));
      }
    } catch (KubernetesClientException e) {
      podUsage.cancel(false);
      String why = e.getCode() > 0 ? String.valueOf(e.getCode()) : rootMessage(e);
      evidence.add("metrics.k8s.io not served (" + why + "): no usage figures");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static BigDecimal amount(Quantity quantity) {
    return quantity == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(quantity);
  }

  private static String usage(String resource, Quantity used, Quantity allocatable) {
    if (used == null) {
      return "n/a";
    }
    BigDecimal amount = amount(used);
    String text = "cpu".equals(resource) ? formatCpu(amount) : formatMemory(amount);
    if (allocatable != null && amount(allocatable).signum() > 0) {
      long percent =
          amount
              .multiply(BigDecimal.valueOf(100))
              .divide(amount(allocatable), 0, java.math.RoundingMode.HALF_UP)
              .longValue();
      text += " (" + percent + "% of allocatable)";
    }
    return text;
  }

  private static String formatCpu(BigDecimal cores) {
    return cores.multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.HALF_UP)
        + "m";
  }

  private static String formatMemory(BigDecimal bytes) {
    return bytes.divide(BigDecimal.valueOf(1024L * 1024L), 0, java.math.RoundingMode.HALF_UP)
        + "Mi";
  }

  // ---------------------------------------------------------------- shared

  private static String namespace(DiagnosisRequest request) {
    return request.namespace() == null || request.namespace().isBlank()
        ? "default"
        : request.namespace();
  }

  private static String deploymentName(DiagnosisRequest request) {
    String label = request.labels() == null ? null : request.labels().get("deployment");
    return label == null || label.isBlank() ? request.service() : label;
  }

  private static Map<String, String> workloadFacts(ProbeWorkload workload) {
    Map<String, String> facts = new LinkedHashMap<>();
    if (workload.deployment() != null) {
      facts.put(FindingFacts.DEPLOYMENT, workload.deploymentName());
      if (workload.replicas() != null) {
        facts.put(FindingFacts.REPLICAS, String.valueOf(workload.replicas()));
      }
    }
    return facts;
  }

  private Finding finding(
      DiagnosisProbe probe,
      FindingOutcome outcome,
      String summary,
      List<String> evidence,
      Map<String, String> facts) {
    return new Finding(probe, outcome, summary, evidence, List.of(), clock.instant(), facts);
  }

  static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
