package io.incidentresponse.activities.kubernetes;

import static io.incidentresponse.activities.kubernetes.ActionArguments.intParameter;
import static io.incidentresponse.activities.kubernetes.ActionArguments.notFound;
import static io.incidentresponse.activities.kubernetes.KubernetesObjects.annotations;
import static io.incidentresponse.activities.kubernetes.KubernetesObjects.describe;
import static io.incidentresponse.activities.kubernetes.KubernetesObjects.templateAnnotations;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * SCALE and RESTART of a Deployment, and the one way every mitigation changes a Deployment ({@link
 * #edit}): one locked patch carrying the {@link ActionRecord}, so a retry with the same key reports
 * the earlier run instead of scaling or restarting again.
 */
final class DeploymentMitigations {
  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  private final KubernetesClient client;
  private final Guardrails guardrails;
  private final ActionRecord record;

  DeploymentMitigations(KubernetesClient client, Guardrails guardrails, ActionRecord record) {
    this.client = client;
    this.guardrails = guardrails;
    this.record = record;
  }

  /** Sets the replica count within the guardrails' range. */
  MitigationResult scale(MitigationRequest request) {
    ActionProposal action = request.action();
    int replicas = intParameter(action, ActionParameters.REPLICAS);
    guardrails.checkReplicas(replicas);
    Deployment deployment = require(action.namespace(), action.target());
    Optional<MitigationResult> earlier = record.earlier(deployment, request);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    int current =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    Map<String, String> before = Map.of("replicas", String.valueOf(current));
    Map<String, String> after = Map.of("replicas", String.valueOf(replicas));
    String what =
        "scale deployment "
            + describe(deployment)
            + " from "
            + current
            + " to "
            + replicas
            + " replicas";
    return edit(
        request,
        deployment,
        "scale deployment " + describe(deployment),
        what,
        before,
        after,
        d -> {
          d.getSpec().setReplicas(replicas);
          return d;
        });
  }

  MitigationResult restart(MitigationRequest request) {
    ActionProposal action = request.action();
    Deployment deployment = require(action.namespace(), action.target());
    Optional<MitigationResult> earlier = record.earlier(deployment, request);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    return rolloutRestart(request, deployment);
  }

  /**
   * Rollout restart by hand rather than {@code .rolling().restart()}: the restartedAt annotation on
   * the pod template is what {@code kubectl rollout restart} sets, and writing it ourselves puts it
   * in the same patch as the idempotency record.
   */
  MitigationResult rolloutRestart(MitigationRequest request, Deployment deployment) {
    String previous = templateAnnotations(deployment.getSpec().getTemplate()).get(RESTARTED_AT);
    String now = record.now();
    Map<String, String> before = Map.of("restartedAt", previous == null ? "never" : previous);
    Map<String, String> after = Map.of("restartedAt", now);
    String what = "restart deployment " + describe(deployment) + " (rollout restart)";
    return edit(
        request,
        deployment,
        "restart deployment " + describe(deployment),
        what,
        before,
        after,
        d -> {
          PodTemplateSpec template = d.getSpec().getTemplate();
          if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMeta());
          }
          annotations(template.getMetadata()).put(RESTARTED_AT, now);
          return d;
        });
  }

  /** The Deployment {@code ns/name}; NOT_FOUND when there is none. */
  Deployment require(String ns, String name) {
    Deployment deployment =
        KubernetesFailures.call(
            "get deployment " + ns + "/" + name,
            () -> client.apps().deployments().inNamespace(ns).withName(name).get());
    if (deployment == null) {
      throw notFound("deployment " + ns + "/" + name);
    }
    return deployment;
  }

  /**
   * Reports a dry run, or edits {@code deployment} (as read, so a concurrent change is a 409) with
   * {@code change} and this request's record in one write.
   */
  MitigationResult edit(
      MitigationRequest request,
      Deployment deployment,
      String call,
      String what,
      Map<String, String> before,
      Map<String, String> after,
      UnaryOperator<Deployment> change) {
    if (request.dryRun()) {
      return ActionRecord.dryRun(what, before, after);
    }
    KubernetesFailures.call(
        call,
        () ->
            client
                .apps()
                .deployments()
                .resource(deployment)
                .edit(record.recorded(request, before, after, change)));
    return ActionRecord.done(request, what, before, after);
  }
}
