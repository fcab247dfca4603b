package io.incidentresponse.activities.kubernetes;

import static io.incidentresponse.activities.kubernetes.ActionArguments.badRequest;
import static io.incidentresponse.activities.kubernetes.ActionArguments.notFound;
import static io.incidentresponse.activities.kubernetes.KubernetesObjects.annotations;
import static io.incidentresponse.activities.kubernetes.KubernetesObjects.describe;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DRAIN_NODE: cordon, then evict every pod but DaemonSet and mirror pods (as {@code kubectl drain
 * --ignore-daemonsets}; pods already terminating are left too). Refused before anything changes
 * when a pod to evict is in a namespace the guardrails do not allow (GUARDRAIL) or has no
 * controller to recreate it (BAD_REQUEST).
 *
 * <p>Idempotency: the cordon carries the {@link ActionRecord} on the Node; evictions leave no
 * record (an evicted pod is gone, which is what a retry sees). An eviction a PodDisruptionBudget
 * refuses (429) leaves the node cordoned and fails with a retryable CONFLICT whose details are the
 * before/after so far; the retry finds its own cordon, skips it and evicts what is still on the
 * node. A retry that finds its cordon and nothing left to evict reports the earlier run.
 */
final class NodeDrain {
  private static final Logger log = LoggerFactory.getLogger(NodeDrain.class);

  static final String MIRROR_POD = "kubernetes.io/config.mirror";

  private final KubernetesClient client;

  /**
   * The same client without HTTP retries, for evictions: fabric8 retries a 429 with exponential
   * backoff (about 100 s at its defaults), but a PodDisruptionBudget refusal is an answer, not a
   * hiccup; the activity's retry policy paces the rest of the drain.
   */
  private final KubernetesClient evictions;

  private final Guardrails guardrails;
  private final ActionRecord record;

  NodeDrain(KubernetesClient client, Guardrails guardrails, ActionRecord record) {
    this.client = client;
    this.evictions =
        client
            .newClient(
                new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .adapt(KubernetesClient.class);
    this.guardrails = guardrails;
    this.record = record;
  }

  /** What is on the node: the pods to evict, and the others with why they stay. */
  private record Plan(List<Pod> toEvict, List<String> skipped) {
    String podList() {
      return toEvict.isEmpty()
          ? "none"
          : toEvict.stream().map(KubernetesObjects::describe).collect(Collectors.joining(","));
    }

    String skippedList() {
      return skipped.isEmpty() ? "none" : String.join(",", skipped);
    }
  }

  MitigationResult drainNode(MitigationRequest request) {
    String name = request.action().target();
    Node node = requireNode(name);
    Plan plan = plan(name);
    refuseUnsafe(name, plan.toEvict());
    boolean wasUnschedulable = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    Optional<MitigationResult> cordoned = record.earlier(node, request);
    if (cordoned.isPresent() && plan.toEvict().isEmpty()) {
      return cordoned.get();
    }
    Map<String, String> before =
        cordoned
            .map(MitigationResult::before)
            .orElse(Map.of("unschedulable", String.valueOf(wasUnschedulable)));
    Map<String, String> cordonAfter = Map.of("unschedulable", "true");
    if (request.dryRun()) {
      Map<String, String> after = new LinkedHashMap<>(cordonAfter);
      after.put("evicted", plan.podList());
      after.put("skipped", plan.skippedList());
      return ActionRecord.dryRun(
          "cordon node "
              + name
              + " and evict "
              + plan.toEvict().size()
              + " pods ("
              + plan.podList()
              + ")",
          before,
          after);
    }
    if (cordoned.isEmpty()) {
      cordon(request, node, before, cordonAfter);
    }
    List<String> evicted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    evict(name, plan.toEvict(), evicted, refused);
    Map<String, String> after = new LinkedHashMap<>(cordonAfter);
    after.put("evicted", evicted.isEmpty() ? "none" : String.join(",", evicted));
    after.put("skipped", plan.skippedList());
    if (!refused.isEmpty()) {
      throw refusedByBudget(request, name, before, after, refused);
    }
    String what =
        (cordoned.isPresent()
                ? "continued draining node "
                : wasUnschedulable ? "node already cordoned; drained node " : "cordoned node ")
            + name
            + " and evicted "
            + evicted.size()
            + " pods ("
            + after.get("evicted")
            + ")";
    log.info("Mitigation {}: {}", request.idempotencyKey(), what);
    return new MitigationResult(what, before, after);
  }

  private Node requireNode(String name) {
    Node node =
        KubernetesFailures.call("get node " + name, () -> client.nodes().withName(name).get());
    if (node == null) {
      throw notFound("node " + name);
    }
    return node;
  }

  /** The pods on node {@code name}, in name order, split into those to evict and those left. */
  private Plan plan(String name) {
    List<Pod> onNode =
        KubernetesFailures.call(
                "list pods on node " + name, () -> client.pods().inAnyNamespace().list().getItems())
            .stream()
            // Filtered here, not by a spec.nodeName field selector, which the fabric8 CRUD mock
            // cannot serve; a drain is rare enough for one cluster-wide list.
            .filter(p -> p.getSpec() != null && name.equals(p.getSpec().getNodeName()))
            .sorted(Comparator.comparing(KubernetesObjects::describe))
            .toList();
    List<String> skipped = new ArrayList<>();
    List<Pod> toEvict = new ArrayList<>();
    for (Pod pod : onNode) {
      if (daemonSetPod(pod)) {
        skipped.add(describe(pod) + " (DaemonSet)");
      } else if (annotations(pod.getMetadata()).containsKey(MIRROR_POD)) {
        skipped.add(describe(pod) + " (mirror pod)");
      } else if (pod.getMetadata().getDeletionTimestamp() != null) {
        skipped.add(describe(pod) + " (already terminating)");
      } else {
        toEvict.add(pod);
      }
    }
    return new Plan(toEvict, skipped);
  }

  /** GUARDRAIL for a pod in a namespace not allowed, BAD_REQUEST for one nothing recreates. */
  private void refuseUnsafe(String name, List<Pod> toEvict) {
    List<String> forbidden =
        toEvict.stream()
            .filter(p -> !guardrails.allowsNamespace(p.getMetadata().getNamespace()))
            .map(KubernetesObjects::describe)
            .toList();
    if (!forbidden.isEmpty()) {
      throw Guardrails.refused(
          "draining node "
              + name
              + " would evict pods in namespaces not in incident.mitigation.namespaces: "
              + String.join(", ", forbidden));
    }
    // kubectl drain refuses these without --force: nothing would recreate them elsewhere.
    List<String> unmanaged =
        toEvict.stream().filter(p -> !controlled(p)).map(KubernetesObjects::describe).toList();
    if (!unmanaged.isEmpty()) {
      throw badRequest(
          "draining node "
              + name
              + " would delete pods no controller recreates: "
              + String.join(", ", unmanaged)
              + "; move or delete them by hand first");
    }
  }

  /** Marks the node unschedulable, with this request's record, in one locked patch. */
  private void cordon(
      MitigationRequest request, Node node, Map<String, String> before, Map<String, String> after) {
    KubernetesFailures.call(
        "cordon node " + node.getMetadata().getName(),
        () ->
            client
                .nodes()
                .resource(node)
                .edit(
                    record.recorded(
                        request,
                        before,
                        after,
                        n -> {
                          n.getSpec().setUnschedulable(true);
                          return n;
                        })));
  }

  /**
   * Evicts each pod, adding it to {@code evicted} (a 404 counts: gone meanwhile is what an eviction
   * wants) or to {@code refused} (a PodDisruptionBudget said no). Any other failure stops the drain
   * with its classified failure, naming what was evicted so far.
   */
  private void evict(String name, List<Pod> toEvict, List<String> evicted, List<String> refused) {
    for (Pod pod : toEvict) {
      String ns = pod.getMetadata().getNamespace();
      String podName = pod.getMetadata().getName();
      boolean accepted;
      try {
        accepted = evictions.pods().inNamespace(ns).withName(podName).evict();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw KubernetesFailures.classify(
              "evict pod "
                  + describe(pod)
                  + " from node "
                  + name
                  + " (cordoned; evicted so far: "
                  + (evicted.isEmpty() ? "none" : String.join(",", evicted))
                  + ")",
              e);
        }
        accepted = true;
      }
      (accepted ? evicted : refused).add(describe(pod));
    }
  }

  /** The retryable CONFLICT of a drain a PodDisruptionBudget held up; the retry continues it. */
  private static ApplicationFailure refusedByBudget(
      MitigationRequest request,
      String name,
      Map<String, String> before,
      Map<String, String> after,
      List<String> refused) {
    after.put("refused", String.join(",", refused));
    String message =
        "node "
            + name
            + " cordoned; evicted "
            + after.get("evicted")
            + "; a PodDisruptionBudget refused evicting "
            + String.join(",", refused)
            + " (retry continues the drain)";
    log.warn("Mitigation {}: {}", request.idempotencyKey(), message);
    return ApplicationFailure.newFailure(message, FailureType.CONFLICT.type(), before, after);
  }

  private static boolean controlled(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()));
  }

  private static boolean daemonSetPod(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> "DaemonSet".equals(o.getKind()));
  }
}
