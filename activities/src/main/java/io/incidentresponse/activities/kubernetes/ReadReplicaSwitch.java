package io.incidentresponse.activities.kubernetes;

import static io.incidentresponse.activities.kubernetes.ActionArguments.notFound;
import static io.incidentresponse.activities.kubernetes.ActionArguments.requiredParameter;
import static io.incidentresponse.activities.kubernetes.KubernetesObjects.describe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * READ_REPLICA: sets a ConfigMap entry (e.g. the database URL, to a read replica), then
 * rollout-restarts the Deployment that reads it. Two steps, each recorded on its own object by the
 * {@link ActionRecord}: a retry after a crash between them finds the key on the ConfigMap, skips it
 * and still restarts; a retry after both reports the earlier run. Passwords in a {@code
 * scheme://user:password@host} value are masked in the result and in the record, so the result's
 * {@code before} names the old value but cannot restore its password: an undo takes it from where
 * the secret is kept.
 */
final class ReadReplicaSwitch {
  private static final Logger log = LoggerFactory.getLogger(ReadReplicaSwitch.class);

  /** {@code scheme://user:password@host}: the password part is masked in results and logs. */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/:@\\s]*:)([^@/\\s]+)(@)");

  private final KubernetesClient client;
  private final DeploymentMitigations deployments;
  private final ActionRecord record;

  ReadReplicaSwitch(
      KubernetesClient client, DeploymentMitigations deployments, ActionRecord record) {
    this.client = client;
    this.deployments = deployments;
    this.record = record;
  }

  MitigationResult readReplica(MitigationRequest request) {
    ActionProposal action = request.action();
    String key = requiredParameter(action, ActionParameters.KEY);
    String value = requiredParameter(action, ActionParameters.VALUE);
    String deploymentName = requiredParameter(action, ActionParameters.DEPLOYMENT);
    ConfigMap configMap = requireConfigMap(action.namespace(), action.target());
    Deployment deployment = deployments.require(action.namespace(), deploymentName);
    Optional<MitigationResult> configDone = record.earlier(configMap, request);
    Optional<MitigationResult> restartDone = record.earlier(deployment, request);
    if (configDone.isPresent() && restartDone.isPresent()) {
      return new MitigationResult(
          "already done by " + request.idempotencyKey() + ": " + configDone.get().summary(),
          merged(configDone.get().before(), restartDone.get().before()),
          merged(configDone.get().after(), restartDone.get().after()));
    }
    MitigationResult configured =
        configDone
            .map(
                done ->
                    new MitigationResult(
                        "set configmap " + describe(configMap) + " " + key + " (done earlier)",
                        done.before(),
                        done.after()))
            .orElseGet(() -> setEntry(request, configMap, key, value));
    MitigationResult restarted =
        restartDone.orElseGet(() -> deployments.rolloutRestart(request, deployment));
    Map<String, String> before = merged(configured.before(), restarted.before());
    Map<String, String> after = merged(configured.after(), restarted.after());
    String summary =
        configured.summary() + ", then rollout restart deployment " + describe(deployment);
    if (request.dryRun()) {
      return ActionRecord.dryRun(summary, before, after);
    }
    log.info("Mitigation {}: {}", request.idempotencyKey(), summary);
    return new MitigationResult(summary, before, after);
  }

  private ConfigMap requireConfigMap(String ns, String name) {
    ConfigMap configMap =
        KubernetesFailures.call(
            "get configmap " + ns + "/" + name,
            () -> client.configMaps().inNamespace(ns).withName(name).get());
    if (configMap == null) {
      throw notFound("configmap " + ns + "/" + name);
    }
    return configMap;
  }

  /** The first step: the entry and the record in one patch of the ConfigMap (not on a dry run). */
  private MitigationResult setEntry(
      MitigationRequest request, ConfigMap configMap, String key, String value) {
    String old = configMap.getData() == null ? null : configMap.getData().get(key);
    Map<String, String> before = Map.of("data." + key, old == null ? "unset" : mask(old));
    Map<String, String> after = Map.of("data." + key, mask(value));
    String what =
        "set configmap "
            + describe(configMap)
            + " "
            + key
            + " from "
            + before.get("data." + key)
            + " to "
            + after.get("data." + key);
    if (!request.dryRun()) {
      KubernetesFailures.call(
          "set configmap " + describe(configMap) + " " + key,
          () ->
              client
                  .configMaps()
                  .resource(configMap)
                  .edit(
                      record.recorded(
                          request,
                          before,
                          after,
                          c -> {
                            if (c.getData() == null) {
                              c.setData(new LinkedHashMap<>());
                            }
                            c.getData().put(key, value);
                            return c;
                          })));
    }
    return new MitigationResult(what, before, after);
  }

  /**
   * {@code value} with the password of a {@code scheme://user:password@host} URL masked; results go
   * to the timeline and chat, where a credential must not.
   */
  static String mask(String value) {
    return URL_PASSWORD.matcher(value).replaceAll("$1****$3");
  }

  private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
    Map<String, String> merged = new LinkedHashMap<>(a);
    merged.putAll(b);
    return merged;
  }
}
