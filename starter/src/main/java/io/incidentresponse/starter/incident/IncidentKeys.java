package io.incidentresponse.starter.incident;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.incident.IncidentKeyRule;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Maps alerts to incident keys and keys to workflow ids. Alerts with one key join one running
 * incident; the workflow id is readable ({@code incident-checkout-higherrorrate-3f2a9c}) and, by
 * its hash suffix, distinct for distinct keys.
 */
@Component
public class IncidentKeys {
  private final IncidentKeyRule rule;

  public IncidentKeys(IncidentProperties properties) {
    this.rule =
        new IncidentKeyRule(
            properties.grouping().keyLabels(), properties.grouping().alertmanagerGroupKey());
  }

  /** The incident key of an alert; {@code groupKey} is Alertmanager's, or null. */
  public String keyOf(Alert alert, String groupKey) {
    return rule.keyOf(alert, groupKey);
  }

  /** See {@link IncidentKeyRule#hasKey}. */
  public boolean hasKey(Alert alert, String groupKey) {
    return rule.hasKey(alert, groupKey);
  }

  /** The labels whose values make the incident key ({@code incident.grouping.key-labels}). */
  public List<String> keyLabels() {
    return rule.keyLabels();
  }

  /** The rule itself, for workflows that open incidents (the scheduled health check). */
  public IncidentKeyRule rule() {
    return rule;
  }

  public static String workflowId(String key) {
    return IncidentKeyRule.workflowId(key);
  }
}
