package io.incidentresponse.workflows.partner;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.detection.DetectionActivities;
import io.incidentresponse.workflows.detection.DetectionActivities.ClearAlertRequest;
import io.incidentresponse.workflows.detection.DetectionActivities.EvidenceRequest;
import io.incidentresponse.workflows.detection.ScheduledAlerts;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.health.HealthIncidentActivities.OpenIncidentRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the feed once and passes on what changed since the previous run (the schedule's last
 * completion result): a provider incident is passed on when its id is new or its {@code updatedAt}
 * differs from the one passed on last. A pass that failed is not remembered, so the next run tries
 * it again; a feed that could not be read changes nothing. A provider incident that was unresolved
 * at the last read and is no longer listed (Statuspage's {@code unresolved.json} drops resolved
 * ones) is passed on once as no longer listed.
 */
public class PartnerStatusWorkflowImpl implements PartnerStatusWorkflow {
  /** Provider incident updates remembered; older ones drop out first. */
  static final int SEEN_LIMIT = 500;

  /** Incidents remembered per provider incident as having its latest note. */
  static final int NOTED_LIMIT = 100;

  private final PartnerStatusActivities feeds =
      Workflow.newActivityStub(PartnerStatusActivities.class, PartnerStatusActivities.OPTIONS);
  private final DetectionActivities door =
      Workflow.newActivityStub(DetectionActivities.class, DetectionActivities.OPTIONS);

  @Override
  public PartnerStatusReport run(PartnerStatusRequest request) {
    PartnerFeed feed = request.feed();
    PartnerStatusReport previous = Workflow.getLastCompletionResult(PartnerStatusReport.class);
    LinkedHashMap<String, String> seen = previous == null ? new LinkedHashMap<>() : previous.seen();
    List<String> wasOpen = previous == null ? List.of() : previous.open();
    Map<String, List<String>> wasNoted = previous == null ? Map.of() : previous.noted();
    List<String> events = new ArrayList<>();
    List<ProviderIncident> incidents;
    try {
      incidents = feeds.readProviderIncidents(feed);
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      events.add("the feed could not be read: " + Failures.describe(e));
      return new PartnerStatusReport(feed.name(), now(), seen, wasOpen, events, wasNoted);
    }
    Map<String, List<String>> noted = new LinkedHashMap<>();
    List<String> open = new ArrayList<>();
    List<String> listed = new ArrayList<>();
    for (ProviderIncident incident : incidents) {
      if (incident.id() == null || !incident.concerns(feed.components())) {
        continue;
      }
      listed.add(incident.id());
      if (!incident.resolved()) {
        open.add(incident.id());
      }
      if (Objects.equals(seen.get(incident.id()), incident.updatedAt())) {
        if (!incident.resolved()) {
          List<String> have = wasNoted.getOrDefault(incident.id(), List.of());
          noted.put(incident.id(), bounded(have, lateEvidence(feed, incident, have, events)));
        }
        continue;
      }
      List<String> to = passOn(request, incident, note(feed, incident), events);
      if (to != null) {
        seen.remove(incident.id());
        seen.put(incident.id(), incident.updatedAt());
        if (!incident.resolved()) {
          noted.put(incident.id(), bounded(List.of(), to));
        }
      }
    }
    for (String id : wasOpen) {
      if (!listed.contains(id)) {
        ProviderIncident gone =
            new ProviderIncident(id, "provider incident " + id, "resolved", null, null, null, null);
        passOn(
            request,
            gone,
            "Partner "
                + feed.name()
                + ": provider incident "
                + id
                + " is no longer listed as"
                + " unresolved",
            events);
      }
    }
    for (Iterator<String> oldest = seen.keySet().iterator(); seen.size() > SEEN_LIMIT; ) {
      oldest.next();
      oldest.remove();
    }
    return new PartnerStatusReport(feed.name(), now(), seen, open, events, noted);
  }

  /**
   * The latest update's note to the dependants' incidents that do not have it yet: those opened
   * after it was first passed on (the provider's outage is evidence for them too). Answers them.
   */
  private List<String> lateEvidence(
      PartnerFeed feed, ProviderIncident incident, List<String> have, List<String> events) {
    try {
      List<String> added =
          door.addEvidence(
              new EvidenceRequest(
                  feed.services(), SOURCE + ":" + feed.name(), note(feed, incident), have));
      if (!added.isEmpty()) {
        events.add(incident.id() + ": noted on " + String.join(", ", added) + ", opened since");
      }
      return added;
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      events.add(incident.id() + ": not noted on later incidents: " + Failures.describe(e));
      return List.of();
    }
  }

  private static List<String> bounded(List<String> have, List<String> added) {
    List<String> all = new ArrayList<>(have);
    added.stream().filter(id -> !all.contains(id)).forEach(all::add);
    return all.size() <= NOTED_LIMIT ? all : all.subList(all.size() - NOTED_LIMIT, all.size());
  }

  /**
   * The note to the dependants' incidents, and the alert when configured; answers the incidents
   * noted, null if it failed.
   */
  private List<String> passOn(
      PartnerStatusRequest request, ProviderIncident incident, String note, List<String> events) {
    PartnerFeed feed = request.feed();
    try {
      List<String> noted =
          door.addEvidence(new EvidenceRequest(feed.services(), SOURCE + ":" + feed.name(), note));
      events.add(
          incident.id()
              + ": "
              + (noted.isEmpty()
                  ? "no running incident of " + String.join(", ", feed.services())
                  : "noted on " + String.join(", ", noted)));
      if (feed.openIncident()) {
        for (String service : feed.services()) {
          events.add(alert(request, incident, service));
        }
      }
      return noted;
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      events.add(incident.id() + ": not passed on, tried again next run: " + Failures.describe(e));
      return null;
    }
  }

  /** Opens or joins the service's incident while unresolved; resolves the alert once resolved. */
  private String alert(PartnerStatusRequest request, ProviderIncident incident, String service) {
    PartnerFeed feed = request.feed();
    Alert alert = alertFor(feed, incident, service);
    OpenIncidentRequest open =
        ScheduledAlerts.openRequest(alert, service, request.keys(), request.policy(), SOURCE);
    if (incident.resolved()) {
      boolean sent =
          door.clearAlert(
              new ClearAlertRequest(open.incidentId(), alert, ScheduledAlerts.deliveryId(SOURCE)));
      return service
          + ": "
          + (sent ? "resolved the alert on " + open.incidentId() : "no alert open");
    }
    return door.raiseAlert(open).line(service);
  }

  static Alert alertFor(PartnerFeed feed, ProviderIncident incident, String service) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", ALERTNAME);
    labels.put("service", service);
    labels.put("partner", feed.name());
    labels.put("priority", feed.severity().name());
    labels.put("source", SOURCE);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", feed.name() + ": " + incident.title());
    if (incident.latestUpdate() != null) {
      annotations.put("description", incident.latestUpdate());
    }
    return new Alert(
        AlertSource.PARTNER,
        incident.resolved() ? AlertStatus.RESOLVED : AlertStatus.FIRING,
        SOURCE + ":" + feed.name() + ":" + incident.id(),
        labels,
        annotations,
        now(),
        incident.resolved() ? now() : null,
        incident.url(),
        incident.id());
  }

  /** {@code Partner aws [investigating]: title (updated ..., components: EC2): latest. url}. */
  static String note(PartnerFeed feed, ProviderIncident incident) {
    StringBuilder text = new StringBuilder("Partner ").append(feed.name());
    if (incident.status() != null) {
      text.append(" [").append(incident.status()).append("]");
    }
    text.append(": ").append(incident.title());
    List<String> details = new ArrayList<>();
    if (incident.updatedAt() != null) {
      details.add("updated " + incident.updatedAt());
    }
    if (!incident.components().isEmpty()) {
      details.add("components: " + String.join(", ", incident.components()));
    }
    if (!details.isEmpty()) {
      text.append(" (").append(String.join("; ", details)).append(")");
    }
    if (incident.latestUpdate() != null && !incident.latestUpdate().isBlank()) {
      text.append(": ").append(incident.latestUpdate());
    }
    if (incident.url() != null) {
      text.append(" ").append(incident.url());
    }
    return text.toString();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
