package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The workload a probe looks at: the namespace (the request's, else {@code default}), the
 * deployment (the alert's {@code deployment} label, else the service name) and the pod selector
 * (the Deployment's {@code spec.selector.matchLabels}, else {@code <selectorLabel>=<service>} when
 * the Deployment is not there).
 *
 * @param deployment the Deployment, or null when there is none of that name
 */
record ProbeWorkload(
    String namespace, String deploymentName, Deployment deployment, Map<String, String> selector) {

  static ProbeWorkload resolve(
      KubernetesClient client,
      KubernetesSettings settings,
      String service,
      String namespace,
      Map<String, String> labels) {
    String ns = namespace == null || namespace.isBlank() ? "default" : namespace;
    String fromLabel = labels == null ? null : labels.get("deployment");
    String name = fromLabel == null || fromLabel.isBlank() ? service : fromLabel;
    // get() answers null on 404, so a missing Deployment is not a failure here.
    Deployment deployment =
        KubernetesFailures.call(
            "get deployment " + ns + "/" + name,
            () -> client.apps().deployments().inNamespace(ns).withName(name).get());
    Map<String, String> selector = null;
    if (deployment != null
        && deployment.getSpec() != null
        && deployment.getSpec().getSelector() != null
        && deployment.getSpec().getSelector().getMatchLabels() != null
        && !deployment.getSpec().getSelector().getMatchLabels().isEmpty()) {
      selector = new TreeMap<>(deployment.getSpec().getSelector().getMatchLabels());
    }
    if (selector == null) {
      selector = new TreeMap<>(Map.of(settings.selectorLabel(), service));
    }
    return new ProbeWorkload(ns, name, deployment, selector);
  }

  /** The selector as {@code kubectl} writes it: {@code app=checkout,tier=web}. */
  String selectorText() {
    return selector.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** The deployment's desired replicas, or null. */
  Integer replicas() {
    return deployment == null || deployment.getSpec() == null
        ? null
        : deployment.getSpec().getReplicas();
  }

  /** The pods the selector matches by name, leaving out those already being deleted. */
  List<Pod> pods(KubernetesClient client) {
    List<Pod> pods =
        KubernetesFailures.call(
            "list pods " + selectorText() + " in " + namespace,
            () -> client.pods().inNamespace(namespace).withLabels(selector).list().getItems());
    return pods.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }
}
