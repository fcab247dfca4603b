package io.incidentresponse.workflows.maintenance;

import java.time.Instant;
import java.util.List;

/**
 * Alerts the door did not turn into an incident because their service is under maintenance.
 *
 * @param source the alert source (Alertmanager, Grafana, PagerDuty)
 * @param alertnames the alert names, as many as the door sent (bounded by the workflow)
 * @param count how many alerts
 * @param receivedAt when the door received them
 */
public record HeldAlerts(String source, List<String> alertnames, int count, Instant receivedAt) {}
