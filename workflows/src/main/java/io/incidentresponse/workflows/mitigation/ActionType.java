package io.incidentresponse.workflows.mitigation;

import java.util.Locale;

/** The mitigations the runbook knows, each with the risk it carries unless a proposal says more. */
public enum ActionType {
  SCALE(RiskClass.LOW),
  RESTART(RiskClass.MEDIUM),
  ROLLBACK(RiskClass.HIGH),
  CIRCUIT_BREAKER(RiskClass.MEDIUM),
  REDIRECT_TRAFFIC(RiskClass.HIGH),
  TERMINATE_QUERIES(RiskClass.HIGH),
  READ_REPLICA(RiskClass.HIGH),
  DRAIN_NODE(RiskClass.MEDIUM),
  REPLACE_NODE(RiskClass.HIGH);

  private final RiskClass defaultRisk;

  ActionType(RiskClass defaultRisk) {
    this.defaultRisk = defaultRisk;
  }

  public RiskClass defaultRisk() {
    return defaultRisk;
  }

  /** Lower-case, dash-separated form used in action ids, e.g. {@code circuit-breaker}. */
  public String slug() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
