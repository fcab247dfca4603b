package io.incidentresponse.activities.aws;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.activities.aws.AutoScalingGroups.Group;
import io.incidentresponse.activities.aws.AutoScalingGroups.Membership;
import io.incidentresponse.activities.kubernetes.KubernetesFailures;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.mitigation.Mitigator;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REPLACE_NODE: drain the node exactly as DRAIN_NODE does (the same {@link Mitigator}, under the
 * same request), then terminate its EC2 instance in its auto-scaling group without decrementing the
 * desired capacity, and wait (bounded by {@link AwsSettings#replacementTimeout()}) for the group's
 * replacement instance to register a Ready Node.
 *
 * <p>Refused before anything changes: a node whose {@code spec.providerID} names no EC2 instance or
 * whose instance is in no auto-scaling group (BAD_REQUEST), a group not in {@code
 * incident.aws.auto-scaling-groups} (GUARDRAIL), the last node (GUARDRAIL: the group or the cluster
 * would keep no other Ready node), a group already launching or terminating instances, or a second
 * replacement while this worker runs one (CONFLICT, retried: either clears by itself).
 *
 * <p>Idempotency: after the drain and before the terminate call the node carries {@value #RECORD}
 * (the request's key, the instance, the group and the state before), and the activity heartbeats
 * the same record (Temporal keeps it across attempts, so it survives the Node being deleted with
 * its instance). A retry that finds its record drains and guards nothing again: it terminates the
 * recorded instance only if the group still shows it InService (the call never took effect), and
 * waits for the replacement. A retry can therefore never terminate a second instance.
 *
 * <p>A replacement not Ready within the bound fails with a non-retryable UNAVAILABLE that says the
 * instance is already terminated, with the before/after as details.
 */
public final class NodeReplacement {
  private static final Logger log = LoggerFactory.getLogger(NodeReplacement.class);

  static final String RECORD = "incident-response.io/replacement";

  /** {@code aws:///us-east-1a/i-0abc...}: the kubelet's providerID of an EC2 instance. */
  private static final Pattern EC2_PROVIDER_ID = Pattern.compile("^aws://[^ ]*/(i-[0-9a-f]+)$");

  /** Lifecycle states of a group that is already adding or removing an instance. */
  private static final Pattern CHANGING = Pattern.compile("^(Pending|Terminating|Detaching).*");

  private final KubernetesClient client;
  private final AutoScalingGroups groups;
  private final Mitigator drain;
  private final AwsSettings settings;
  private final Clock clock;

  /** The key of the replacement this worker runs now, if any: one at a time. */
  private final AtomicReference<String> running = new AtomicReference<>();

  /**
   * @param drain the worker's DRAIN_NODE mitigator, run first under the same request
   */
  public NodeReplacement(
      KubernetesClient client,
      AutoScalingGroups groups,
      Mitigator drain,
      AwsSettings settings,
      Clock clock) {
    this.client = client;
    this.groups = groups;
    this.drain = drain;
    this.settings = settings;
    this.clock = clock;
  }

  /** The target, its instance and group, as found before anything changes. */
  private record Target(Node node, String instance, Group group) {}

  public MitigationResult replaceNode(MitigationRequest request) {
    if (request.dryRun()) {
      return replace(request);
    }
    String key = request.idempotencyKey();
    if (!running.compareAndSet(null, key)) {
      throw ApplicationFailure.newFailure(
          "another node replacement ("
              + running.get()
              + ") is running on this worker; nodes are replaced one at a time, so this one is"
              + " retried",
          FailureType.CONFLICT.type());
    }
    try {
      return replace(request);
    } finally {
      running.set(null);
    }
  }

  private MitigationResult replace(MitigationRequest request) {
    String name = request.action().target();
    Node node =
        KubernetesFailures.call("get node " + name, () -> client.nodes().withName(name).get());
    Optional<Map<String, String>> recorded = recorded(node, request);
    if (recorded.isPresent() && !request.dryRun()) {
      return resume(request, recorded.get());
    }
    if (node == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "node " + name + " not found", FailureType.NOT_FOUND.type());
    }
    Target target = target(node);
    List<Node> nodes =
        KubernetesFailures.call("list nodes", () -> client.nodes().list().getItems());
    refuseUnsafe(target, nodes);
    Map<String, String> before = new LinkedHashMap<>();
    before.put("node", name);
    before.put("instance", target.instance());
    before.put("group", target.group().name());
    before.put("desired", String.valueOf(target.group().desired()));
    before.put("inService", String.valueOf(target.group().inService()));
    before.put(
        "groupInstances",
        target.group().instances().stream()
            .map(AutoScalingGroups.Member::instanceId)
            .collect(Collectors.joining(",")));
    if (request.dryRun()) {
      return new MitigationResult(
          "dry run: would drain node "
              + name
              + ", terminate "
              + target.instance()
              + " in auto-scaling group "
              + target.group().name()
              + " keeping its desired capacity "
              + target.group().desired()
              + ", and wait up to "
              + settings.replacementTimeout()
              + " for a replacement node to be Ready",
          before,
          Map.of("terminated", target.instance(), "desired", before.get("desired")));
    }
    MitigationResult drained = drain.run(request);
    Map<String, String> record = new LinkedHashMap<>(before);
    record.put("evicted", drained.after().getOrDefault("evicted", "none"));
    record.put("terminatedAt", now());
    record(request, name, record);
    groups.terminateKeepingCapacity(target.instance());
    log.info(
        "Mitigation {}: node {} drained, instance {} terminated in auto-scaling group {}",
        request.idempotencyKey(),
        name,
        target.instance(),
        target.group().name());
    return awaitReplacement(request, record, false);
  }

  /** A retry that finds its record: terminate only if that never took effect, then wait. */
  private MitigationResult resume(MitigationRequest request, Map<String, String> record) {
    heartbeat(record);
    String instance = record.get("instance");
    Optional<Membership> membership = groups.membership(instance);
    boolean stillInService =
        membership.isPresent()
            && membership.get().group().equals(record.get("group"))
            && membership.get().member().inService();
    if (stillInService) {
      log.info(
          "Mitigation {}: instance {} still in service after an earlier attempt; terminating it",
          request.idempotencyKey(),
          instance);
      groups.terminateKeepingCapacity(instance);
    } else {
      log.info(
          "Mitigation {}: instance {} already {}; waiting for its replacement",
          request.idempotencyKey(),
          instance,
          membership.map(m -> m.member().lifecycleState()).orElse("out of its group"));
    }
    return awaitReplacement(request, record, true);
  }

  /** The node's instance and its group; BAD_REQUEST or GUARDRAIL when it is not replaceable. */
  private Target target(Node node) {
    String name = node.getMetadata().getName();
    String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
    String instance = instanceId(providerId);
    if (instance == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "node "
              + name
              + " is not an EC2 instance (spec.providerID "
              + (providerId == null ? "unset" : "'" + providerId + "'")
              + "); REPLACE_NODE replaces instances of AWS auto-scaling groups only",
          FailureType.BAD_REQUEST.type());
    }
    Membership membership =
        groups
            .membership(instance)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "node "
                            + name
                            + " (instance "
                            + instance
                            + ") is in no auto-scaling group: nothing would replace it; drain"
                            + " it (DRAIN_NODE) and replace it by hand",
                        FailureType.BAD_REQUEST.type()));
    if (!settings.allowsGroup(membership.group())) {
      throw Guardrails.refused(
          "auto-scaling group '"
              + membership.group()
              + "' of node "
              + name
              + " is not in incident.aws.auto-scaling-groups "
              + settings.autoScalingGroups());
    }
    return new Target(node, instance, groups.group(membership.group()));
  }

  /** Never the last node, and not while the group is already changing. */
  private void refuseUnsafe(Target target, List<Node> nodes) {
    String name = target.node().getMetadata().getName();
    List<Node> otherReady =
        nodes.stream()
            .filter(n -> !name.equals(n.getMetadata().getName()))
            .filter(n -> ready(n) && !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
            .toList();
    if (otherReady.isEmpty()) {
      throw Guardrails.refused(
          "never the last node: the cluster has no Ready, schedulable node but " + name);
    }
    Group group = target.group();
    Set<String> inService =
        group.instances().stream()
            .filter(AutoScalingGroups.Member::inService)
            .map(AutoScalingGroups.Member::instanceId)
            .filter(i -> !i.equals(target.instance()))
            .collect(Collectors.toSet());
    boolean groupKeepsOne =
        otherReady.stream()
            .map(n -> instanceId(n.getSpec().getProviderID()))
            .anyMatch(inService::contains);
    if (!groupKeepsOne) {
      throw Guardrails.refused(
          "never the last node: auto-scaling group "
              + group.name()
              + " has no other InService instance with a Ready node ("
              + group.describeInstances()
              + ")");
    }
    List<String> changing =
        group.instances().stream()
            .filter(m -> CHANGING.matcher(m.lifecycleState()).matches())
            .map(m -> m.instanceId() + " " + m.lifecycleState())
            .toList();
    if (!changing.isEmpty()) {
      throw ApplicationFailure.newFailure(
          "auto-scaling group "
              + group.name()
              + " is already changing ("
              + String.join(", ", changing)
              + "); one replacement at a time, so this one is retried",
          FailureType.CONFLICT.type());
    }
  }

  /**
   * Polls until a Ready node runs on an instance the group did not have before, heartbeating the
   * record each time; fails non-retryably at the bound, saying the instance is already gone.
   */
  private MitigationResult awaitReplacement(
      MitigationRequest request, Map<String, String> record, boolean resumed) {
    String groupName = record.get("group");
    Set<String> instancesBefore =
        Set.copyOf(Arrays.asList(record.get("groupInstances").split(",")));
    Instant start = clock.instant();
    Instant deadline = start.plus(settings.replacementTimeout());
    while (true) {
      heartbeat(record);
      Group group = groups.group(groupName);
      Map<String, String> replacements = new TreeMap<>();
      for (Node node :
          KubernetesFailures.call("list nodes", () -> client.nodes().list().getItems())) {
        String instance =
            instanceId(node.getSpec() == null ? null : node.getSpec().getProviderID());
        if (instance != null
            && !instancesBefore.contains(instance)
            && group.has(instance)
            && ready(node)) {
          replacements.put(node.getMetadata().getName(), instance);
        }
      }
      Map<String, String> after = after(record, group, replacements, start);
      if (!replacements.isEmpty()) {
        String summary =
            (resumed ? "continued replacing node " : "replaced node ")
                + record.get("node")
                + ": drained (evicted "
                + record.get("evicted")
                + "), terminated "
                + record.get("instance")
                + " in auto-scaling group "
                + groupName
                + " keeping desired capacity "
                + group.desired()
                + "; replacement node "
                + String.join(",", replacements.keySet())
                + " ("
                + String.join(",", replacements.values())
                + ") Ready after "
                + after.get("waitedSeconds")
                + " s; "
                + group.inService()
                + "/"
                + group.desired()
                + " instances in service";
        log.info("Mitigation {}: {}", request.idempotencyKey(), summary);
        return new MitigationResult(summary, before(record), after);
      }
      if (!clock.instant().isBefore(deadline)) {
        String message =
            "instance "
                + record.get("instance")
                + " of node "
                + record.get("node")
                + " is already terminated in auto-scaling group "
                + groupName
                + " (desired capacity "
                + group.desired()
                + " kept), but no replacement node was Ready within "
                + settings.replacementTimeout()
                + " (group instances now: "
                + group.describeInstances()
                + "); look at the group's scaling activities and the new instance's kubelet";
        log.warn("Mitigation {}: {}", request.idempotencyKey(), message);
        throw ApplicationFailure.newNonRetryableFailure(
            message, FailureType.UNAVAILABLE.type(), before(record), after);
      }
      sleep(
          Duration.ofMillis(
              Math.min(
                  settings.pollInterval().toMillis(),
                  Math.max(1, Duration.between(clock.instant(), deadline).toMillis()))));
    }
  }

  private Map<String, String> after(
      Map<String, String> record, Group group, Map<String, String> replacements, Instant start) {
    Map<String, String> after = new LinkedHashMap<>();
    after.put("evicted", record.get("evicted"));
    after.put("terminated", record.get("instance"));
    after.put("terminatedAt", record.get("terminatedAt"));
    after.put("newNode", replacements.isEmpty() ? "none" : String.join(",", replacements.keySet()));
    after.put(
        "newInstance", replacements.isEmpty() ? "none" : String.join(",", replacements.values()));
    after.put("desired", String.valueOf(group.desired()));
    after.put("inService", String.valueOf(group.inService()));
    after.put(
        "waitedSeconds",
        String.valueOf(Math.max(0, Duration.between(start, clock.instant()).toSeconds())));
    return after;
  }

  /** The record's before state, without what only the record needs. */
  private static Map<String, String> before(Map<String, String> record) {
    Map<String, String> before = new LinkedHashMap<>(record);
    before.remove("evicted");
    before.remove("terminatedAt");
    before.remove("groupInstances");
    before.remove("key");
    return before;
  }

  /** This request's record: on the node, else (the node went with its instance) the heartbeat. */
  private Optional<Map<String, String>> recorded(Node node, MitigationRequest request) {
    String json =
        node == null || node.getMetadata().getAnnotations() == null
            ? null
            : node.getMetadata().getAnnotations().get(RECORD);
    Optional<Map<String, String>> found =
        json == null ? heartbeatDetails() : Optional.of(fromJson(json));
    return found.filter(r -> request.idempotencyKey().equals(r.get("key")));
  }

  /** Puts the record on the node (and in the heartbeat) before the terminate call. */
  private void record(MitigationRequest request, String name, Map<String, String> record) {
    record.put("key", request.idempotencyKey());
    String json = client.getKubernetesSerialization().asJson(new TreeMap<>(record));
    KubernetesFailures.call(
        "record the replacement on node " + name,
        () ->
            client
                .nodes()
                .withName(name)
                .edit(
                    n -> {
                      if (n.getMetadata().getAnnotations() == null) {
                        n.getMetadata().setAnnotations(new HashMap<>());
                      }
                      n.getMetadata().getAnnotations().put(RECORD, json);
                      return n;
                    }));
    heartbeat(record);
  }

  private Map<String, String> fromJson(String json) {
    Map<String, String> map = new LinkedHashMap<>();
    try {
      Map<?, ?> raw = client.getKubernetesSerialization().unmarshal(json, Map.class);
      raw.forEach((k, v) -> map.put(String.valueOf(k), String.valueOf(v)));
    } catch (RuntimeException e) {
      // Not ours, or damaged: no record, so no key matches.
    }
    return map;
  }

  /** The EC2 instance id in {@code providerId}, or null when it names none. */
  static String instanceId(String providerId) {
    if (providerId == null) {
      return null;
    }
    Matcher matcher = EC2_PROVIDER_ID.matcher(providerId.strip());
    return matcher.matches() ? matcher.group(1) : null;
  }

  private static boolean ready(Node node) {
    List<NodeCondition> conditions =
        node.getStatus() == null ? null : node.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(
          "interrupted while waiting for the replacement node", FailureType.UNAVAILABLE.type());
    }
  }

  /** Progress and the record, kept by Temporal across attempts; nothing outside an activity. */
  private static void heartbeat(Map<String, String> record) {
    try {
      Activity.getExecutionContext().heartbeat(new TreeMap<>(record));
    } catch (IllegalStateException e) {
      // called outside an activity (tests): nothing to heartbeat
    }
  }

  @SuppressWarnings("unchecked")
  private static Optional<Map<String, String>> heartbeatDetails() {
    try {
      return Activity.getExecutionContext()
          .getHeartbeatDetails(Map.class)
          .map(m -> (Map<String, String>) m);
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }
}
