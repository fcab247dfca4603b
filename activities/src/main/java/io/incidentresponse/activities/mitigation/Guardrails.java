package io.incidentresponse.activities.mitigation;

import static io.incidentresponse.activities.SettingChecks.atLeast;

import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * What the worker lets any mitigation do, whatever the incident's policy says: the second key to
 * the incident policy's approval rules. Bound from {@code incident.mitigation.*}.
 *
 * @param namespaces Kubernetes namespaces mitigations may touch; empty allows none (deny by
 *     default), {@code *} allows all
 * @param minReplicas the lowest replica count a scale may set; default 1; below 1 is refused at
 *     start-up (a scale to zero is an outage)
 * @param maxReplicas the highest replica count a scale may set; default 20
 * @param maxActionsPerIncident how many mitigations one incident may run; default {@value
 *     #DEFAULT_MAX_ACTIONS_PER_INCIDENT}. A backstop: the incident's policy has its own, lower
 *     limit ({@link ResponsePolicy#maxActionsPerIncident()}, default {@value
 *     ResponsePolicy#DEFAULT_MAX_ACTIONS_PER_INCIDENT}), which withdraws the action with a timeline
 *     line before it reaches the worker. This one holds when a policy raises its own limit past
 *     what the worker allows; 0 refuses every mitigation
 * @param dryRun when true every mitigation only reports what it would change; default false
 */
public record Guardrails(
    List<String> namespaces,
    Integer minReplicas,
    Integer maxReplicas,
    Integer maxActionsPerIncident,
    Boolean dryRun) {

  /** Above the policy's default, so by default the incident's own limit is the one that fires. */
  public static final int DEFAULT_MAX_ACTIONS_PER_INCIDENT = 10;

  public Guardrails {
    namespaces =
        namespaces == null
            ? List.of()
            : namespaces.stream().map(String::trim).filter(n -> !n.isEmpty()).toList();
    minReplicas = atLeast("incident.mitigation.min-replicas", minReplicas, 1, 1);
    maxReplicas = maxReplicas == null ? 20 : maxReplicas;
    maxActionsPerIncident =
        atLeast(
            "incident.mitigation.max-actions-per-incident",
            maxActionsPerIncident,
            0,
            DEFAULT_MAX_ACTIONS_PER_INCIDENT);
    dryRun = dryRun != null && dryRun;
    if (maxReplicas < minReplicas) {
      throw new IllegalArgumentException(
          "incident.mitigation.max-replicas ("
              + maxReplicas
              + ") is below min-replicas ("
              + minReplicas
              + ")");
    }
  }

  /** Allow-list of namespaces, the usual bounds, not a dry run. */
  public static Guardrails allowing(String... namespaces) {
    return new Guardrails(List.of(namespaces), null, null, null, false);
  }

  public boolean allowsNamespace(String namespace) {
    return namespaces.contains("*") || (namespace != null && namespaces.contains(namespace));
  }

  /** Throws GUARDRAIL unless {@code namespace} is on the allow-list. */
  public void checkNamespace(String namespace) {
    if (!allowsNamespace(namespace)) {
      throw refused(
          "namespace '"
              + namespace
              + "' is not in incident.mitigation.namespaces "
              + (namespaces.isEmpty() ? "(empty: no namespace is allowed)" : namespaces));
    }
  }

  /** Throws GUARDRAIL when {@code replicas} is outside [minReplicas, maxReplicas]. */
  public void checkReplicas(int replicas) {
    if (replicas < minReplicas || replicas > maxReplicas) {
      throw refused(
          "replicas "
              + replicas
              + " is outside the allowed range "
              + minReplicas
              + ".."
              + maxReplicas
              + (replicas <= 0 ? " (never scale to zero)" : ""));
    }
  }

  /** Throws GUARDRAIL when the incident has already run its share of mitigations. */
  public void checkActionCount(int actionsRunSoFar) {
    if (actionsRunSoFar >= maxActionsPerIncident) {
      throw refused(
          "this incident already ran "
              + actionsRunSoFar
              + " mitigations; incident.mitigation.max-actions-per-incident is "
              + maxActionsPerIncident);
    }
  }

  /** A non-retryable GUARDRAIL failure with {@code why}: an expected outcome, not a fault. */
  public static ApplicationFailure refused(String why) {
    return ExpectedFailures.refused(why);
  }
}
