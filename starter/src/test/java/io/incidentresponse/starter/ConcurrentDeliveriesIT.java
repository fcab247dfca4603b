package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.IncidentState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Concurrent Alertmanager deliveries to one incident share signal-with-starts: every alert lands
 * once, in one run, with fewer Temporal calls than deliveries.
 */
class ConcurrentDeliveriesIT extends StarterIT {
  private static final int DELIVERIES = 48;

  @Autowired MeterRegistry meters;

  private static String delivery(int n) {
    return "{\"version\":\"4\",\"groupKey\":\"joined\",\"status\":\"firing\",\"receiver\":\"ir\","
        + "\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"JoinedErrors\","
        + "\"service\":\"joined-cart\",\"severity\":\"warning\",\"pod\":\"joined-cart-"
        + n
        + "\"},\"annotations\":{\"summary\":\"errors\"},\"startsAt\":\""
        + Http.DAY
        + "T14:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
        + "\"generatorURL\":\"http://prometheus/graph\",\"fingerprint\":\"joined-"
        + n
        + "\"}]}";
  }

  private double count(String name) {
    Counter counter = meters.find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void concurrentDeliveriesToOneIncident_landOnceEach_inFewerCallsThanDeliveries()
      throws Exception {
    double callsBefore = count("incident.alerts.calls");
    double joinedBefore = count("incident.alerts.joined");
    Set<String> runs =
        acceptedRuns(alertmanagerAtOnce(DELIVERIES, ConcurrentDeliveriesIT::delivery));

    assertThat(runs).as("one run, never two").hasSize(1);
    IncidentState state =
        await(incidentId("joined-cart", "JoinedErrors"), s -> s.alerts.size() == DELIVERIES);
    assertThat(state.alertDeliveries).as("each alert once").isEqualTo(DELIVERIES);
    double calls = count("incident.alerts.calls") - callsBefore;
    double joined = count("incident.alerts.joined") - joinedBefore;
    assertThat(calls + joined).isEqualTo(DELIVERIES);
    assertThat(calls).as("signal-with-starts for %d deliveries", DELIVERIES).isLessThan(DELIVERIES);
  }
}
