package io.incidentresponse.workflows.postmortem;

/**
 * The runbook's follow-up actions. Technical: code changes, monitoring improvements, testing,
 * documentation; process: runbook updates, training, tool improvements, communication.
 */
public enum ActionItemKind {
  CODE_CHANGE,
  MONITORING,
  TESTING,
  DOCUMENTATION,
  RUNBOOK_UPDATE,
  TRAINING,
  TOOL_IMPROVEMENT,
  COMMUNICATION;

  /** A technical follow-up; the others are process ones. */
  public boolean isTechnical() {
    return switch (this) {
      case CODE_CHANGE, MONITORING, TESTING, DOCUMENTATION -> true;
      default -> false;
    };
  }
}
