package io.incidentresponse.workflows.drill;

import io.incidentresponse.workflows.incident.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The drill as its query answers it; also the workflow's own state. */
public class DrillState {
  /** Where the drill is. */
  public enum Status {
    /** Reading the target and injecting the fault. */
    INJECTING,
    /** The fault is in; the drill waits for its end, watching the stop conditions. */
    RUNNING,
    /** Putting things back; retried until it succeeds. */
    REVERTING,
    /** Reverted (or nothing was injected), scored, reported. */
    ENDED
  }

  /** Why the fault came out. */
  public enum EndReason {
    PLANNED_END,
    ABORTED,
    STOP_CONDITION,
    REAL_INCIDENT,
    CANCELLED,
    FAILED
  }

  public String drillId;
  public String scenario;
  public String service;
  public String namespace;
  public String startedBy;
  public String reason;
  public boolean notifyLeadership;
  public boolean dryRun;
  public Status status = Status.INJECTING;
  public Instant startedAt;
  public Instant plannedEndAt;
  public Instant injectedAt;
  public Instant revertedAt;
  public Instant endedAt;
  public EndReason endReason;

  /** Who ended it (a person for an abort, {@code system} otherwise) and what tripped. */
  public String endedBy;

  public String endDetail;

  /** The fault and what it replaced, once read. */
  public DrillInjection injection;

  /** Stop-condition checks made, and the latest one's answer. */
  public int checks;

  public String lastCheck;

  /** Incidents that opened for the service while the drill ran (at most 20 kept). */
  public List<DrillIncident> incidents = new ArrayList<>();

  /** The drill's own incident: the first {@code drill=true} one. */
  public String drillIncidentId;

  public DrillScore score;
  public String reportPath;
  public List<TimelineEntry> timeline = new ArrayList<>();
}
