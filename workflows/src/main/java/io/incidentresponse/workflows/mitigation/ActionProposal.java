package io.incidentresponse.workflows.mitigation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mitigation someone (a diagnosis probe or a person) suggests.
 *
 * @param type what to do
 * @param namespace Kubernetes namespace (or other scope) of the target
 * @param target what to act on: a deployment, service, node or database name
 * @param parameters type-specific settings, e.g. {@code replicas=10}, {@code revision=41}
 * @param risk risk class; null means the type's default
 * @param rationale why, in one sentence, with the evidence
 */
public record ActionProposal(
    ActionType type,
    String namespace,
    String target,
    Map<String, String> parameters,
    RiskClass risk,
    String rationale) {

  public ActionProposal {
    parameters = parameters == null ? new LinkedHashMap<>() : new LinkedHashMap<>(parameters);
    if (risk == null && type != null) {
      risk = type.defaultRisk();
    }
  }

  /** This proposal carrying {@code newRisk}. */
  public ActionProposal withRisk(RiskClass newRisk) {
    return new ActionProposal(type, namespace, target, parameters, newRisk, rationale);
  }

  /** Two proposals that would do the same thing to the same target. */
  public boolean sameEffectAs(ActionProposal other) {
    return type == other.type
        && java.util.Objects.equals(namespace, other.namespace)
        && java.util.Objects.equals(target, other.target)
        && parameters.equals(other.parameters);
  }

  /** Human form, e.g. {@code rollback deployment shop/checkout (revision=41)}. */
  public String describe() {
    StringBuilder text = new StringBuilder(type.slug()).append(' ');
    if (namespace != null && !namespace.isBlank()) {
      text.append(namespace).append('/');
    }
    text.append(target);
    if (!parameters.isEmpty()) {
      text.append(' ').append(parameters);
    }
    return text.toString();
  }
}
