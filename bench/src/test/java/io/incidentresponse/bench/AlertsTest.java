package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsTest {
  @Test
  void firing_givenTheSameKeysTwice_makesTwoDifferentDeliveries() {
    // the starter answers an identical body from its redelivery memory: never measure that
    String first = Alerts.firing(List.of("svc-a", "svc-b"), "P3", "run-0");
    String second = Alerts.firing(List.of("svc-a", "svc-b"), "P3", "run-1");

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void firing_isAnAlertmanagerV4DeliveryWithOneAlertPerService() throws Exception {
    JsonNode body = Alerts.JSON.readTree(Alerts.firing(List.of("svc-a", "svc-b"), "P3", "d1"));

    assertThat(body.path("version").asText()).isEqualTo("4");
    assertThat(body.path("alerts")).hasSize(2);
    JsonNode alert = body.path("alerts").get(1);
    assertThat(alert.path("labels").path("service").asText()).isEqualTo("svc-b");
    assertThat(alert.path("labels").path("alertname").asText()).isEqualTo(Alerts.ALERTNAME);
    assertThat(alert.path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(alert.path("annotations").path("delivery").asText()).isEqualTo("d1");
  }

  @Test
  void firingBytes_areTheSameDeliveryEncodedInUtf8() throws Exception {
    JsonNode body = Alerts.JSON.readTree(Alerts.firingBytes(List.of("svc-é"), "P3", "d1"));

    assertThat(body.path("alerts")).hasSize(1);
    JsonNode alert = body.path("alerts").get(0);
    assertThat(alert.path("labels").path("service").asText()).isEqualTo("svc-é");
    assertThat(alert.path("annotations").path("delivery").asText()).isEqualTo("d1");
  }
}
