package io.incidentresponse.workflows.detection;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.health.HealthIncidentActivities;
import io.incidentresponse.workflows.health.HealthIncidentActivities.OpenIncidentRequest;
import io.incidentresponse.workflows.health.IncidentOpening;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import java.util.List;

/**
 * Where the scheduled detection sources (synthetic journeys, partner status feeds) meet incidents,
 * through this worker's Temporal client. Every method is safe to retry: an alert is merged by its
 * fingerprint and a signal-with-start never makes a second incident under one id. An evidence note
 * retried after a signal that landed but whose answer was lost appears twice (Temporal signals
 * carry no idempotency key).
 */
@ActivityInterface
public interface DetectionActivities {

  /** Temporal unreachable is retried for up to ten minutes, like the health check's door. */
  ActivityOptions OPTIONS = HealthIncidentActivities.OPTIONS;

  /**
   * Opens or joins the incident of the alert's service: nothing while the service (or everything)
   * is under maintenance; the {@code alert} signal to {@code incidentId} when it is running, else
   * to a running incident of the service (where the server has visibility), else a
   * signal-with-start of {@code incidentId}. Answers OPENED, JOINED or UNDER_MAINTENANCE.
   */
  IncidentOpening raiseAlert(OpenIncidentRequest request);

  /**
   * Sends the resolved alert to incident {@code incidentId} when it is running; answers whether it
   * was sent (false: the incident is closed, nothing to resolve).
   */
  boolean clearAlert(ClearAlertRequest request);

  /**
   * Adds {@code text} as a note by {@code by} to every running incident of each service but those
   * in {@code except} (a visibility query; none found where the server has no visibility). Answers
   * the incident ids it was added to.
   */
  List<String> addEvidence(EvidenceRequest request);

  /**
   * @param incidentId the incident the firing alert was sent to
   * @param alert the alert, resolved (same fingerprint as the firing one)
   * @param deliveryId this run's delivery id, so a redelivery is dropped by the incident
   */
  record ClearAlertRequest(String incidentId, Alert alert, String deliveryId) {}

  /**
   * @param services the services whose running incidents get the note
   * @param by who the note is from, e.g. {@code partner-status:aws}
   * @param text the note
   * @param except incidents that already have this note (an earlier run added it)
   */
  record EvidenceRequest(List<String> services, String by, String text, List<String> except) {
    public EvidenceRequest {
      services = services == null ? List.of() : List.copyOf(services);
      except = except == null ? List.of() : List.copyOf(except);
    }

    public EvidenceRequest(List<String> services, String by, String text) {
      this(services, by, text, List.of());
    }
  }
}
