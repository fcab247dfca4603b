package io.incidentresponse.workflows.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.Json;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifierTest {
  private static final ResponsePolicy POLICY =
      Json.read(
          "{\"services\":{\"payments\":{\"tier\":\"CRITICAL\",\"userFacing\":true},"
              + "\"reports\":{\"tier\":\"LOW\"}}}",
          ResponsePolicy.class);

  private static Alert alert(String service, String... labelPairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", "Test");
    labels.put("service", service);
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return new Alert(
        AlertSource.ALERTMANAGER, AlertStatus.FIRING, null, labels, null, null, null, null, null);
  }

  private static Classification classify(Alert... alerts) {
    return Classifier.classify(List.of(alerts), POLICY, null);
  }

  @Test
  void explicitPriorityLabel_winsOverEverythingElse() {
    Classification c = classify(alert("payments", "severity", "critical", "priority", "p2"));

    assertThat(c.severity()).isEqualTo(Severity.P2);
    assertThat(c.impact()).isEqualTo(Impact.MEDIUM);
    assertThat(c.reason()).contains("priority label P2");
  }

  @Test
  void securityBreach_isP0Anywhere() {
    assertThat(classify(alert("reports", "category", "security")).severity())
        .isEqualTo(Severity.P0);
  }

  @Test
  void completeOutage_isP0OnACriticalServiceAndP1Elsewhere() {
    assertThat(classify(alert("payments", "outage", "true")).severity()).isEqualTo(Severity.P0);
    assertThat(classify(alert("search", "impact", "outage")).severity()).isEqualTo(Severity.P1);
  }

  @Test
  void severityLabel_isWeighedByServiceTier() {
    assertThat(classify(alert("payments", "severity", "critical")).severity())
        .isEqualTo(Severity.P0);
    assertThat(classify(alert("search", "severity", "critical")).severity()).isEqualTo(Severity.P1);
    assertThat(classify(alert("reports", "severity", "critical")).severity())
        .isEqualTo(Severity.P2);
    assertThat(classify(alert("search", "severity", "warning")).severity()).isEqualTo(Severity.P2);
    assertThat(classify(alert("reports", "severity", "warning")).severity()).isEqualTo(Severity.P3);
    assertThat(classify(alert("search", "severity", "info")).severity()).isEqualTo(Severity.P3);
    assertThat(classify(alert("search")).severity()).isEqualTo(Severity.P3);
  }

  @Test
  void mostSevereAlert_decidesAndImpactLabelOverrides() {
    Classification c =
        classify(
            alert("search", "severity", "warning"),
            alert("search", "severity", "critical", "impact", "low"));

    assertThat(c.severity()).isEqualTo(Severity.P1);
    assertThat(c.impact()).isEqualTo(Impact.LOW);
    assertThat(c.service()).isEqualTo("search");
    assertThat(c.namespace()).isEqualTo("default");
  }

  @Test
  void serviceFallsBackThroughAppAndJobLabels() {
    Alert byJob =
        new Alert(
            AlertSource.GRAFANA,
            null,
            null,
            Map.of("alertname", "Down", "job", "node-exporter"),
            null,
            null,
            null,
            null,
            null);

    assertThat(Classifier.serviceOf(byJob)).isEqualTo("node-exporter");
    assertThat(Classifier.classify(List.of(byJob), POLICY, null).title())
        .isEqualTo("Down on node-exporter");
  }
}
