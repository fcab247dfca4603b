package io.incidentresponse.workflows.intake;

import io.incidentresponse.workflows.alerts.Alert;
import java.util.List;

/**
 * The alerts of one delivery that share an incident key, in the order they arrived.
 *
 * @param key the incident key (the incident's workflow id is derived from it)
 * @param alerts the group's alerts, never empty
 */
public record AlertGroup(String key, List<Alert> alerts) {}
