package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small reads of Kubernetes objects that every mitigation shares. */
final class KubernetesObjects {
  private KubernetesObjects() {}

  /** {@code namespace/name}, or {@code name} for a cluster-scoped object (a node). */
  static String describe(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return (ns == null || ns.isBlank() ? "" : ns + "/") + object.getMetadata().getName();
  }

  /** The object's annotations, created empty when it has none, so a change can add to them. */
  static Map<String, String> annotations(ObjectMeta meta) {
    if (meta.getAnnotations() == null) {
      meta.setAnnotations(new LinkedHashMap<>());
    }
    return meta.getAnnotations();
  }

  /** The pod template's annotations; empty when it has no metadata. */
  static Map<String, String> templateAnnotations(PodTemplateSpec template) {
    return template == null || template.getMetadata() == null
        ? Map.of()
        : annotations(template.getMetadata());
  }
}
