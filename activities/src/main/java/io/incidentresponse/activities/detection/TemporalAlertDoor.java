package io.incidentresponse.activities.detection;

import io.incidentresponse.activities.health.TemporalIncidentOpener;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.detection.DetectionActivities;
import io.incidentresponse.workflows.health.HealthIncidentActivities.OpenIncidentRequest;
import io.incidentresponse.workflows.health.IncidentOpening;
import io.incidentresponse.workflows.health.IncidentOpening.Outcome;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.NoteRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scheduled detection sources' door to incidents, with the health check's opener for what they
 * share (maintenance, running incidents of a service, the alert door's signal-with-start): unlike
 * the health check, an alert joins a running incident instead of being dropped.
 */
public final class TemporalAlertDoor implements DetectionActivities {
  /** Running incidents of one service that get an evidence note, at most. */
  static final int EVIDENCE_INCIDENTS_PER_SERVICE = 20;

  private final WorkflowClient client;
  private final TemporalIncidentOpener opener;

  public TemporalAlertDoor(WorkflowClient client) {
    this.client = client;
    this.opener = new TemporalIncidentOpener(client);
  }

  @Override
  public IncidentOpening raiseAlert(OpenIncidentRequest request) {
    Optional<IncidentOpening> maintenance = opener.underMaintenance(request.service());
    if (maintenance.isPresent()) {
      return maintenance.get();
    }
    List<String> candidates = new ArrayList<>();
    candidates.add(request.incidentId());
    opener.runningIncidentOf(request.service()).ifPresent(candidates::add);
    for (String incidentId : candidates) {
      if (opener.running(incidentId)
          && signal(incidentId, request.alert(), request.input().deliveryId())) {
        return new IncidentOpening(incidentId, Outcome.JOINED, null);
      }
    }
    return opener.start(request);
  }

  @Override
  public boolean clearAlert(ClearAlertRequest request) {
    return opener.running(request.incidentId())
        && signal(request.incidentId(), request.alert(), request.deliveryId());
  }

  @Override
  public List<String> addEvidence(EvidenceRequest request) {
    List<String> noted = new ArrayList<>();
    for (String service : request.services()) {
      for (String incidentId : opener.runningIncidentsOf(service, EVIDENCE_INCIDENTS_PER_SERVICE)) {
        if (noted.contains(incidentId) || request.except().contains(incidentId)) {
          continue; // one incident of two dependent services gets the note once
        }
        try {
          incident(incidentId).addNote(new NoteRequest(request.by(), request.text()));
          noted.add(incidentId);
        } catch (WorkflowNotFoundException closedMeanwhile) {
          // it closed between the query and the signal: nothing to add evidence to
        }
      }
    }
    return noted;
  }

  /** The alert to a running incident; false when it closed meanwhile. */
  private boolean signal(String incidentId, Alert alert, String deliveryId) {
    try {
      incident(incidentId).alert(new AlertBatch(List.of(alert), deliveryId));
      return true;
    } catch (WorkflowNotFoundException closedMeanwhile) {
      return false;
    }
  }

  private IncidentWorkflow incident(String incidentId) {
    return client.newWorkflowStub(IncidentWorkflow.class, incidentId);
  }
}
