package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.policy.Classification;
import io.incidentresponse.workflows.policy.Classifier;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runbook's detection step: an incident opened from its first alerts (classified by severity
 * and impact), and every later delivery joined to it. Alerts are kept within a budget so the state
 * stays small whatever a storm sends; repeated deliveries are dropped and a minute of deliveries is
 * one timeline line. It also answers what the alerts say: whether all resolved, when, the page they
 * came with, the users affected.
 */
final class AlertIntake extends IncidentStep {
  /** Alerts kept with every detail; later ones keep only what tells them apart. */
  static final int DETAILED_ALERTS = 200;

  /** Webhook delivery ids remembered to drop redeliveries. */
  private static final int RECENT_DELIVERIES = 1_000;

  /** Alert deliveries within this long of the last one extend its timeline entry. */
  private static final Duration ALERT_ENTRY_WINDOW = Duration.ofMinutes(1);

  /** Stored alerts take at most about this many bytes; later new alerts are counted only. */
  static final long ALERT_BYTES_BUDGET = 500_000;

  /** The timeline entry that alert deliveries of the last minute extend, and its counts. */
  private TimelineEntry alertEntry;

  private long alertEntryNew;

  private long alertEntryRefired;

  private long alertEntryResolved;

  private long alertEntryDeliveries;

  AlertIntake(IncidentContext ctx) {
    super(ctx);
  }

  void open(IncidentInput input) {
    s.incidentId = Workflow.getInfo().getWorkflowId();
    Instant now = now();
    s.detectedAt = now;
    s.firstAlertAt = now;
    for (Alert alert : input.alerts()) {
      keep(alert);
      if (alert.startsAt() != null && alert.startsAt().isBefore(s.firstAlertAt)) {
        s.firstAlertAt = alert.startsAt();
      }
    }
    s.alertDeliveries = input.alerts().size();
    if (input.deliveryId() != null) {
      s.recentDeliveries.add(input.deliveryId());
    }
    Classification c = Classifier.classify(s.alerts.values(), policy, input.title());
    s.title = Texts.truncated(c.title(), IncidentContext.MAX_TITLE);
    s.service = Texts.boundedName(c.service(), IncidentContext.MAX_NAME);
    s.namespace = Texts.boundedName(c.namespace(), IncidentContext.MAX_NAME);
    s.severity = c.severity();
    s.impact = c.impact();
    s.classificationReason = c.reason();
    s.drillId = input.drillId();
    s.drillNotifiesLeadership = input.drillId() != null && input.drillNotifiesLeadership();
    if (input.commander() != null && !input.commander().isBlank()) {
      s.roles.put(Role.INCIDENT_COMMANDER, personName(input.commander()));
    }
    s.escalationLevel = 0;
    s.escalationArmedAt = now;
    s.acknowledgementDueAt = policy.acknowledgementDue(s.severity, now);
    s.nextUpdateAt = policy.cadence(s.severity).map(now::plus).orElse(null);
    // Replay-safe: the SDK's workflow metrics scope counts only the first execution.
    Workflow.getMetricsScope()
        .tagged(Map.of("severity", s.severity.name()))
        .counter(IncidentWorkflowImpl.OPENED_METRIC)
        .inc(1);
    record(
        SYSTEM,
        "Incident opened from " + s.alerts.size() + " alert(s): " + s.title,
        "Classified "
            + s.severity
            + " / impact "
            + s.impact
            + " ("
            + s.classificationReason
            + ")"
            + (s.drill()
                ? "; DRILL of "
                    + s.drillId
                    + ": no status page"
                    + (s.drillNotifiesLeadership ? "" : ", no leadership notice")
                    + ", kept out of the response metrics"
                : ""));
  }

  void alert(AlertBatch batch) {
    if (batch != null && !batch.joined().isEmpty()) {
      // deliveries that arrived together: each on its own, as if signalled one after another
      alert(new AlertBatch(batch.alerts(), batch.deliveryId()));
      batch.joined().forEach(this::alert);
      return;
    }
    if (batch == null || batch.alerts().isEmpty()) {
      ctx.ignored("alert", "alerts");
      return;
    }
    if (batch.deliveryId() != null) {
      if (s.recentDeliveries.contains(batch.deliveryId())) {
        return; // at-least-once delivery: this one is already here
      }
      s.recentDeliveries.add(batch.deliveryId());
      if (s.recentDeliveries.size() > RECENT_DELIVERIES) {
        s.recentDeliveries.remove(0);
      }
    }
    int added = 0;
    int resolved = 0;
    int refired = 0;
    String firing = null;
    for (Alert alert : batch.alerts()) {
      Alert previous = keep(alert);
      if (previous == null) {
        added++;
      } else if (!previous.firing() && alert.firing()) {
        refired++;
      }
      if (previous != null && previous.firing() && !alert.firing()) {
        resolved++;
      }
      if (alert.firing() && firing == null && (previous == null || !previous.firing())) {
        firing = alert.alertName();
      }
    }
    s.alertDeliveries += batch.alerts().size();
    Workflow.getMetricsScope()
        .counter(IncidentWorkflowImpl.JOINED_METRIC)
        .inc(batch.alerts().size());
    if (added + resolved + refired == 0) {
      return; // a repeat of what is known: counted, not worth a timeline line
    }
    recordAlertDelivery(added, refired, resolved, batch.deliveryId());
    if (s.phase == Phase.MONITORING && firing != null) {
      s.regression = "alert " + firing + " firing";
    }
    if (firing != null) {
      // A fresh firing: its resolution will be fresh evidence again.
      s.alertsResolvedEvidenceSpent = false;
      s.recheckAt = null;
    }
    Classification c = Classifier.classify(s.alerts.values(), policy, s.title);
    if (c.severity().isMoreSevereThan(s.severity)) {
      ctx.escalation.changeSeverity(c.severity(), SYSTEM, "new alert: " + c.reason());
    }
    publish();
  }

  /**
   * One timeline line for the alert deliveries of a minute: a storm of a thousand deliveries is a
   * few lines that add up its counts, not a thousand lines.
   */
  void recordAlertDelivery(long added, long refired, long resolved, String deliveryId) {
    Instant now = now();
    boolean extend =
        alertEntry != null
            && !s.timeline.isEmpty()
            && s.timeline.get(s.timeline.size() - 1) == alertEntry
            && now.isBefore(alertEntry.at().plus(ALERT_ENTRY_WINDOW));
    if (!extend) {
      alertEntryNew = 0;
      alertEntryRefired = 0;
      alertEntryResolved = 0;
      alertEntryDeliveries = 0;
    }
    alertEntryNew += added;
    alertEntryRefired += refired;
    alertEntryResolved += resolved;
    alertEntryDeliveries++;
    String event =
        "Alerts: "
            + alertEntryNew
            + " new, "
            + alertEntryRefired
            + " firing again, "
            + alertEntryResolved
            + " resolved";
    String delivery = deliveryId == null ? "" : Texts.truncated(deliveryId, 100);
    String action =
        alertEntryDeliveries == 1
            ? (delivery.isEmpty() ? "" : "Delivery " + delivery)
            : alertEntryDeliveries
                + " deliveries"
                + (delivery.isEmpty() ? "" : "; the latest " + delivery);
    if (extend) {
      alertEntry = new TimelineEntry(alertEntry.at(), SYSTEM, event, action);
      s.timeline.set(s.timeline.size() - 1, alertEntry);
    } else {
      record(SYSTEM, event, action);
      alertEntry = s.timeline.get(s.timeline.size() - 1);
    }
  }

  /**
   * Stores an alert under its key. Past the first {@link #DETAILED_ALERTS} alerts only what tells
   * an alert apart is kept (status, times, fingerprint, and the labels that differ from the first
   * alert's), so a storm of thousands of alerts stays within Temporal's payload limits when the
   * state is queried or carried by continue-as-new. Returns the alert stored before, if any.
   */
  Alert keep(Alert alert) {
    String key = alert.key();
    Alert previous = s.alerts.get(key);
    if (previous == null
        && (s.alerts.size() >= policy.maxAlertsPerIncident()
            || s.alertBytes + alert.approximateBytes() > ALERT_BYTES_BUDGET)) {
      if (s.alertsNotKept++ == 0) {
        record(
            SYSTEM,
            "More than "
                + s.alerts.size()
                + " distinct alerts (the limit is "
                + policy.maxAlertsPerIncident()
                + " or about "
                + ALERT_BYTES_BUDGET / 1000
                + " KB)",
            "Further new alerts are counted in alertsNotKept, not stored (payload limit)");
      }
      return null;
    }
    boolean detailed =
        s.alerts.size() < DETAILED_ALERTS
            || (previous != null && !previous.annotations().isEmpty());
    if (!detailed) {
      Map<String, String> first = s.alerts.values().iterator().next().labels();
      Map<String, String> own = new LinkedHashMap<>();
      for (Map.Entry<String, String> label : alert.labels().entrySet()) {
        if (label.getKey().equals("alertname")
            || !label.getValue().equals(first.get(label.getKey()))) {
          own.put(label.getKey(), label.getValue());
        }
      }
      alert =
          new Alert(
              alert.source(),
              alert.status(),
              alert.fingerprint(),
              own,
              Map.of(),
              alert.startsAt(),
              alert.endsAt(),
              null,
              alert.externalId());
    }
    s.alerts.put(key, alert);
    s.alertBytes += alert.approximateBytes() - (previous == null ? 0 : previous.approximateBytes());
    return previous;
  }

  boolean allAlertsResolved() {
    boolean any = false;
    for (Alert alert : s.alerts.values()) {
      if (alert.source() == AlertSource.MANUAL) {
        continue;
      }
      if (alert.firing()) {
        return false;
      }
      any = true;
    }
    return any;
  }

  /**
   * When the alerts said service was back: the latest end time of the incident's alerts, within the
   * incident (an alert's clock may be off); now when they give none.
   */
  Instant alertsEndedAt() {
    Instant now = now();
    Instant latest = null;
    for (Alert alert : s.alerts.values()) {
      if (alert.source() != AlertSource.MANUAL && alert.endsAt() != null) {
        latest = latest == null || alert.endsAt().isAfter(latest) ? alert.endsAt() : latest;
      }
    }
    if (latest == null || latest.isAfter(now)) {
      return now;
    }
    return latest.isBefore(s.detectedAt) ? s.detectedAt : latest;
  }

  /**
   * A new incident whose alerts say security (see {@link Classifier#isSecurity}) is handled
   * privately, whatever its severity; said once on the timeline.
   */
  void markSecurity() {
    s.security = s.alerts.values().stream().anyMatch(Classifier::isSecurity);
    if (s.security) {
      record(
          SYSTEM,
          "Security incident: handled privately",
          "Private channel; the security lead paged at once; "
              + (policy.securityStatusPage().isPresent()
                  ? "the status page gets only the policy's generic text"
                  : "the status page stays silent")
              + "; leadership told by direct message; no stakeholder e-mail");
    }
  }

  /** The page an alert from PagerDuty came with, or null. */
  PageRef pageFromAlerts() {
    for (Alert alert : s.alerts.values()) {
      if (alert.source() == AlertSource.PAGERDUTY && alert.externalId() != null) {
        return new PageRef(alert.externalId(), alert.generatorUrl());
      }
    }
    return null;
  }

  /** The largest {@code users_affected} label or annotation of the incident's alerts. */
  Long usersAffectedFromAlerts() {
    Long most = null;
    for (Alert alert : s.alerts.values()) {
      for (Map<String, String> values : List.of(alert.labels(), alert.annotations())) {
        String value = values == null ? null : values.get("users_affected");
        if (value != null) {
          try {
            long users = Long.parseLong(value.trim());
            most = most == null ? users : Math.max(most, users);
          } catch (NumberFormatException e) {
            // not a count: ignored
          }
        }
      }
    }
    return most;
  }
}
