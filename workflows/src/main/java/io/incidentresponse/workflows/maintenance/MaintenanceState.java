package io.incidentresponse.workflows.maintenance;

import io.incidentresponse.workflows.communication.StatusPageRef;
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

  /** Status page and traffic switch asked for; null for a maintenance from before they existed. */
  public MaintenanceOptions options;

  /** The status page's scheduled maintenance, when one was announced. */
  public StatusPageRef statusPage;

  /** Why the maintenance is not on the status page although it was asked for. */
  public String statusPageProblem;

  /** The Service's own selector while its traffic goes to the maintenance backend. */
  public String ownSelector;

  /** Why the traffic was not switched (or not switched back), when it was asked for. */
  public String trafficProblem;

  public int alertsHeld;
  public List<TimelineEntry> timeline = new ArrayList<>();
}
