package io.incidentresponse.workflows.maintenance;

import io.incidentresponse.workflows.incident.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The maintenance as its query answers it; also the workflow's own state. */
public class MaintenanceState {
  /** ACTIVE until the deadline or an end; ENDED after. */
  public enum Status {
    ACTIVE,
    ENDED
  }

  public String maintenanceId;
  public String service;
  public String reason;
  public String startedBy;
  public Status status = Status.ACTIVE;
  public Instant startedAt;
  public Instant endsAt;
  public Instant endedAt;
  public String endedBy;

  /** The Alertmanager silence, when one was made. */
  public String silenceId;

  /** Why there is no silence (not configured, unreachable), when there is none. */
  public String silenceProblem;

  public int alertsHeld;
  public List<TimelineEntry> timeline = new ArrayList<>();
}
