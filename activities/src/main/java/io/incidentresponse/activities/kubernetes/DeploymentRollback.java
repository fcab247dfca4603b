package io.incidentresponse.activities.kubernetes;

import static io.incidentresponse.activities.kubernetes.ActionArguments.badRequest;
import static io.incidentresponse.activities.kubernetes.ActionArguments.intParameter;
import static io.incidentresponse.activities.kubernetes.KubernetesObjects.annotations;
import static io.incidentresponse.activities.kubernetes.KubernetesObjects.describe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ROLLBACK: what {@code kubectl rollout undo [--to-revision]} does: copy the pod template of the
 * wanted revision's ReplicaSet into the Deployment, without its pod-template-hash label. fabric8's
 * {@code .rolling().undo()} cannot take a revision and fails without ReplicaSets. Without a {@code
 * revision} parameter it goes to the revision before the current one. The Deployment change carries
 * the {@link ActionRecord}, so a retry with the same key does not go back another revision.
 */
final class DeploymentRollback {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String POD_TEMPLATE_HASH = "pod-template-hash";

  private final KubernetesClient client;
  private final DeploymentMitigations deployments;
  private final ActionRecord record;

  DeploymentRollback(
      KubernetesClient client, DeploymentMitigations deployments, ActionRecord record) {
    this.client = client;
    this.deployments = deployments;
    this.record = record;
  }

  MitigationResult rollback(MitigationRequest request) {
    ActionProposal action = request.action();
    Integer wanted =
        action.parameters().containsKey(ActionParameters.REVISION)
            ? intParameter(action, ActionParameters.REVISION)
            : null;
    Deployment deployment = deployments.require(action.namespace(), action.target());
    Optional<MitigationResult> earlier = record.earlier(deployment, request);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    TreeMap<Long, ReplicaSet> revisions = revisions(deployment);
    Long current = currentRevision(deployment, revisions);
    ReplicaSet target =
        wanted != null
            ? named(deployment, revisions, current, wanted)
            : previous(deployment, revisions, current);
    long targetRevision = revisionOf(target);
    PodTemplateSpec template =
        client.getKubernetesSerialization().clone(target.getSpec().getTemplate());
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      template.getMetadata().getLabels().remove(POD_TEMPLATE_HASH);
    }
    Map<String, String> before = new LinkedHashMap<>();
    before.put("revision", current == null ? "unknown" : String.valueOf(current));
    before.putAll(images(deployment.getSpec().getTemplate()));
    Map<String, String> after = new LinkedHashMap<>();
    after.put("revision", String.valueOf(targetRevision));
    after.putAll(images(template));
    String what =
        "roll back deployment "
            + describe(deployment)
            + " from revision "
            + before.get("revision")
            + " to revision "
            + targetRevision
            + " ("
            + String.join(", ", images(template).values())
            + ")";
    return deployments.edit(
        request,
        deployment,
        "roll back deployment " + describe(deployment),
        what,
        before,
        after,
        d -> {
          d.getSpec().setTemplate(template);
          return d;
        });
  }

  /** The ReplicaSet of revision {@code wanted}; BAD_REQUEST when unknown or current. */
  private static ReplicaSet named(
      Deployment deployment, TreeMap<Long, ReplicaSet> revisions, Long current, int wanted) {
    ReplicaSet target = revisions.get((long) wanted);
    if (target == null) {
      throw badRequest(
          "revision "
              + wanted
              + " of deployment "
              + describe(deployment)
              + " does not exist (known revisions: "
              + revisions.keySet()
              + ")");
    }
    if (current != null && wanted == current) {
      throw badRequest(
          "revision "
              + wanted
              + " is the current revision of deployment "
              + describe(deployment)
              + "; nothing to roll back to");
    }
    return target;
  }

  /** The ReplicaSet of the revision before the current one; BAD_REQUEST when there is none. */
  private static ReplicaSet previous(
      Deployment deployment, TreeMap<Long, ReplicaSet> revisions, Long current) {
    Map.Entry<Long, ReplicaSet> previous = current == null ? null : revisions.lowerEntry(current);
    if (previous == null) {
      throw badRequest(
          "deployment "
              + describe(deployment)
              + " has no revision before "
              + (current == null ? "its current one" : "revision " + current)
              + " (known revisions: "
              + revisions.keySet()
              + ")");
    }
    return previous.getValue();
  }

  /** The Deployment's ReplicaSets by revision, oldest first. */
  private TreeMap<Long, ReplicaSet> revisions(Deployment deployment) {
    String ns = deployment.getMetadata().getNamespace();
    Map<String, String> matchLabels =
        deployment.getSpec().getSelector() == null
            ? null
            : deployment.getSpec().getSelector().getMatchLabels();
    List<ReplicaSet> all =
        KubernetesFailures.call(
            "list replicasets of deployment " + describe(deployment),
            () ->
                matchLabels == null || matchLabels.isEmpty()
                    ? client.apps().replicaSets().inNamespace(ns).list().getItems()
                    : client
                        .apps()
                        .replicaSets()
                        .inNamespace(ns)
                        .withLabels(matchLabels)
                        .list()
                        .getItems());
    TreeMap<Long, ReplicaSet> revisions = new TreeMap<>();
    for (ReplicaSet rs : all) {
      if (ownedBy(rs, deployment) && revisionOf(rs) > 0) {
        revisions.put(revisionOf(rs), rs);
      }
    }
    return revisions;
  }

  private static boolean ownedBy(ReplicaSet rs, Deployment deployment) {
    List<OwnerReference> owners = rs.getMetadata().getOwnerReferences();
    if (owners == null) {
      return false;
    }
    String uid = deployment.getMetadata().getUid();
    return owners.stream()
        .anyMatch(
            o ->
                "Deployment".equals(o.getKind())
                    && deployment.getMetadata().getName().equals(o.getName())
                    && (uid == null || o.getUid() == null || uid.equals(o.getUid())));
  }

  private static long revisionOf(HasMetadata object) {
    String revision = annotations(object.getMetadata()).get(REVISION);
    try {
      return revision == null ? -1 : Long.parseLong(revision.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The Deployment's own revision annotation, else the newest ReplicaSet's. */
  private static Long currentRevision(Deployment deployment, TreeMap<Long, ReplicaSet> revisions) {
    long own = revisionOf(deployment);
    if (own > 0) {
      return own;
    }
    return revisions.isEmpty() ? null : revisions.lastKey();
  }

  /** {@code image} for a one-container template, else {@code image.<container>} per container. */
  private static Map<String, String> images(PodTemplateSpec template) {
    Map<String, String> images = new LinkedHashMap<>();
    List<Container> containers =
        template == null || template.getSpec() == null
            ? List.of()
            : template.getSpec().getContainers();
    for (Container c : containers) {
      images.put(containers.size() == 1 ? "image" : "image." + c.getName(), c.getImage());
    }
    return images;
  }
}
