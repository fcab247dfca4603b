package io.incidentresponse.workflows.mitigation;

/** Life of a mitigation action inside one incident. */
public enum ActionStatus {
  AWAITING_APPROVAL,
  APPROVED,
  REJECTED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Never run: the incident ended or the action limit was reached first. */
  WITHDRAWN;

  public boolean isFinal() {
    return this == REJECTED || this == SUCCEEDED || this == FAILED || this == WITHDRAWN;
  }
}
