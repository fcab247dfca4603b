package io.incidentresponse.workflows.postmortem;

/** Where a postmortem action item stands. */
public enum ActionItemStatus {
  OPEN,
  IN_PROGRESS,
  DONE,
  WONT_DO;

  /** Done or dropped: nothing more to chase. */
  public boolean isFinal() {
    return this == DONE || this == WONT_DO;
  }
}
