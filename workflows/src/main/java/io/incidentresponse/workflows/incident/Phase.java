package io.incidentresponse.workflows.incident;

/**
 * Where an incident stands. Phases only move forward, except {@code MONITORING -> MITIGATING} on a
 * regression and {@code any -> CLOSED} for a false positive. Acknowledgement is recorded beside the
 * phase, not as a phase.
 */
public enum Phase {
  TRIGGERED,
  INVESTIGATING,
  MITIGATING,
  MONITORING,
  RESOLVED,
  CLOSED;

  /** True once the incident no longer needs responders: resolved or closed. */
  public boolean isOver() {
    return this == RESOLVED || this == CLOSED;
  }

  /** The status word of the runbook's internal update template. */
  public String updateStatus() {
    return switch (this) {
      case TRIGGERED, INVESTIGATING -> "INVESTIGATING";
      case MITIGATING, MONITORING -> "MITIGATING";
      case RESOLVED, CLOSED -> "RESOLVED";
    };
  }
}
