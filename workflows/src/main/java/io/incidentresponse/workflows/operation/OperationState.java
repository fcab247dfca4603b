package io.incidentresponse.workflows.operation;

import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An operation as its query answers it; also the workflow's own state. */
public class OperationState {
  /** Where an operation stands. */
  public enum Status {
    AWAITING_APPROVAL,
    RUNNING,
    SUCCEEDED,
    FAILED,
    REJECTED,
    /** Nobody approved it in time: nothing ran. */
    EXPIRED;

    public boolean isFinal() {
      return this != AWAITING_APPROVAL && this != RUNNING;
    }
  }

  public String operationId;
  public String service;
  public String reason;
  public Status status = Status.AWAITING_APPROVAL;

  /** The action, its approvals (each with how the approver's identity was established). */
  public MitigationAction action;

  /** Until when it waits for approval; null when it ran without. */
  public Instant expiresAt;

  public boolean dryRun;
  public Map<String, String> before = new LinkedHashMap<>();
  public Map<String, String> after = new LinkedHashMap<>();

  /** Recovery verified once after the run; null before, or when it could not be verified. */
  public VerificationResult verification;

  public List<TimelineEntry> timeline = new ArrayList<>();
}
