package io.incidentresponse.workflows.mitigation;

/** How much harm a mitigation can do if it is wrong; a lower ordinal is safer. */
public enum RiskClass {
  LOW,
  MEDIUM,
  HIGH;

  public boolean isAtMost(RiskClass other) {
    return ordinal() <= other.ordinal();
  }
}
