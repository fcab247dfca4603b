package io.incidentresponse.starter.incident;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * {@code incident_open}: running incidents, counted by a visibility query at most every 15 s. NaN
 * where the server has no visibility (the Java test server) or cannot be reached.
 */
@Component
public class OpenIncidentsGauge {
  static final String QUERY = "WorkflowType = 'Incident' AND ExecutionStatus = 'Running'";
  private static final Duration FRESH = Duration.ofSeconds(15);

  private final WorkflowClient client;
  private final Clock clock;
  private double value = Double.NaN;
  private Instant readAt = Instant.EPOCH;

  public OpenIncidentsGauge(WorkflowClient client, Clock clock, MeterRegistry meters) {
    this.client = client;
    this.clock = clock;
    Gauge.builder("incident.open", this, OpenIncidentsGauge::read)
        .description("running incident workflows (visibility query)")
        .register(meters);
  }

  synchronized double read() {
    Instant now = clock.instant();
    if (Duration.between(readAt, now).compareTo(FRESH) >= 0) {
      readAt = now;
      try {
        value = client.countWorkflows(QUERY).getCount();
      } catch (RuntimeException unavailable) {
        value = Double.NaN;
      }
    }
    return value;
  }
}
