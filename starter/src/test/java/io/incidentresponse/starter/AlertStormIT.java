package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.IncidentState;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An alert storm: 5,000 firing alerts in 50 concurrent Alertmanager deliveries across 3 services
 * make exactly 3 incidents holding every alert. The throughput is printed, not asserted.
 */
class AlertStormIT extends StarterIT {
  private static final String[] SERVICES = {"storm-cart", "storm-search", "storm-auth"};
  private static final int REQUESTS = 50;
  private static final int ALERTS_PER_REQUEST = 100;

  private static String delivery(int request) {
    StringBuilder alerts = new StringBuilder();
    for (int i = 0; i < ALERTS_PER_REQUEST; i++) {
      int n = request * ALERTS_PER_REQUEST + i;
      String service = SERVICES[n % SERVICES.length];
      alerts
          .append(i == 0 ? "" : ",")
          .append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"PodCrashLooping\",")
          .append("\"service\":\"")
          .append(service)
          .append("\",\"severity\":\"critical\",\"pod\":\"")
          .append(service)
          .append("-")
          .append(n)
          .append("\"},\"annotations\":{\"summary\":\"pod crash looping\"},")
          .append(
              "\"startsAt\":\"" + Http.DAY + "T14:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",")
          .append("\"generatorURL\":\"http://prometheus/graph\",\"fingerprint\":\"storm-")
          .append(n)
          .append("\"}");
    }
    return "{\"version\":\"4\",\"groupKey\":\"storm\",\"status\":\"firing\",\"receiver\":\"ir\","
        + "\"alerts\":["
        + alerts
        + "]}";
  }

  @Test
  void stormOf5000AlertsIn50ConcurrentRequests_makesExactly3IncidentsHoldingEveryAlert() {
    long started = System.nanoTime();
    Set<String> runs = acceptedRuns(alertmanagerAtOnce(REQUESTS, AlertStormIT::delivery));
    double accepted = (System.nanoTime() - started) / 1e9;

    assertThat(runs).as("one run per service, never two").hasSize(3);
    int total = 0;
    int alerts = REQUESTS * ALERTS_PER_REQUEST;
    for (int k = 0; k < SERVICES.length; k++) {
      // alert n goes to service n % 3
      int expected = (alerts - k + SERVICES.length - 1) / SERVICES.length;
      IncidentState state =
          await(incidentId(SERVICES[k], "PodCrashLooping"), s -> s.alerts.size() == expected);
      assertThat(state.alertDeliveries).isEqualTo(expected);
      total += state.alerts.size();
    }
    assertThat(total).isEqualTo(REQUESTS * ALERTS_PER_REQUEST);
    double joined = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "alert storm: %d alerts in %d concurrent requests accepted in %.2f s (%.0f alerts/s),"
            + " all attached after %.2f s%n",
        REQUESTS * ALERTS_PER_REQUEST,
        REQUESTS,
        accepted,
        REQUESTS * ALERTS_PER_REQUEST / accepted,
        joined);
  }
}
