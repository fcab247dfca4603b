package io.incidentresponse.activities.drill;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.incidentresponse.activities.kubernetes.KubernetesFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The drilled Deployment, read and changed with the drill's mark on it. */
final class DrillDeployments {
  /** Annotation naming the drill whose fault the Deployment carries. */
  static final String MARK = "incident-response.io/drill";

  private final KubernetesClient client;

  DrillDeployments(KubernetesClient client) {
    this.client = client;
  }

  /** The Deployment; NOT_FOUND when there is none. */
  Deployment require(String namespace, String name) {
    return find(namespace, name)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "no deployment " + namespace + "/" + name, FailureType.NOT_FOUND.type()));
  }

  Optional<Deployment> find(String namespace, String name) {
    return Optional.ofNullable(
        KubernetesFailures.call(
            "get deployment " + namespace + "/" + name, () -> resource(namespace, name).get()));
  }

  /**
   * Changes the Deployment and marks it with {@code drillId} (null removes the mark) in one write;
   * false when it is gone.
   */
  boolean edit(String namespace, String name, String drillId, UnaryOperator<Deployment> change) {
    if (find(namespace, name).isEmpty()) {
      return false;
    }
    KubernetesFailures.call(
        "edit deployment " + namespace + "/" + name,
        () ->
            resource(namespace, name)
                .edit(
                    d -> {
                      Deployment changed = change.apply(d);
                      mark(changed.getMetadata(), drillId);
                      return changed;
                    }));
    return true;
  }

  /** Like {@link #edit}, for a fault: a Deployment gone since it was read is NOT_FOUND. */
  void change(String namespace, String name, String drillId, UnaryOperator<Deployment> change) {
    if (!edit(namespace, name, drillId, change)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "deployment " + namespace + "/" + name + " is gone", FailureType.NOT_FOUND.type());
    }
  }

  RollableScalableResource<Deployment> resource(String namespace, String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name);
  }

  private static void mark(ObjectMeta meta, String drillId) {
    if (drillId == null) {
      if (meta.getAnnotations() != null) {
        meta.getAnnotations().remove(MARK);
      }
      return;
    }
    if (meta.getAnnotations() == null) {
      meta.setAnnotations(new LinkedHashMap<>());
    }
    meta.getAnnotations().put(MARK, drillId);
  }
}
