package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One revision of a deployment: its ReplicaSet.
 *
 * @param number the {@code deployment.kubernetes.io/revision} annotation, 0 when missing
 * @param images the pod template's container images, comma-separated
 * @param changeCause the {@code kubernetes.io/change-cause} annotation, or null
 * @param createdAt the ReplicaSet's creationTimestamp, or null
 */
record ProbeRevision(
    String replicaSet, long number, String images, String changeCause, Instant createdAt) {

  static ProbeRevision of(ReplicaSet rs) {
    Map<String, String> annotations =
        rs.getMetadata().getAnnotations() == null ? Map.of() : rs.getMetadata().getAnnotations();
    long number;
    try {
      number = Long.parseLong(annotations.getOrDefault(KubernetesProbes.REVISION, "0").strip());
    } catch (NumberFormatException e) {
      number = 0;
    }
    List<Container> containers =
        rs.getSpec() == null
                || rs.getSpec().getTemplate() == null
                || rs.getSpec().getTemplate().getSpec() == null
                || rs.getSpec().getTemplate().getSpec().getContainers() == null
            ? List.of()
            : rs.getSpec().getTemplate().getSpec().getContainers();
    String images = containers.stream().map(Container::getImage).collect(Collectors.joining(","));
    return new ProbeRevision(
        rs.getMetadata().getName(),
        number,
        images.isEmpty() ? "no image" : images,
        annotations.get(KubernetesProbes.CHANGE_CAUSE),
        KubernetesProbes.instant(rs.getMetadata().getCreationTimestamp()));
  }

  /**
   * e.g. {@code revision 3 checkout-7d9f5c6b8 (checkout:1.4.2) created 2025-...Z: deploy 1.4.2}.
   */
  String describe() {
    return "revision "
        + number
        + " "
        + replicaSet
        + " ("
        + images
        + ") created "
        + (createdAt == null ? "at an unknown time" : createdAt.toString())
        + (changeCause == null || changeCause.isBlank() ? "" : ", change-cause: " + changeCause);
  }
}
