package io.incidentresponse.starter.health;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * The health check, under {@code incident.health-check.*}.
 *
 * @param services the services checked when a request names none, and by the schedule; empty (the
 *     default): the keys of {@code incident.policy.services}
 * @param timeout how long {@code POST /api/health-checks} waits for the result; also the run's
 *     execution timeout. Keep it under incidentctl's 30 s; default {@value #DEFAULT_TIMEOUT}
 * @param scheduleEnabled run the health check on a Temporal Schedule ({@value
 *     io.incidentresponse.workflows.health.HealthCheckWorkflow#SCHEDULE_ID}); default false. When
 *     false at start-up an existing schedule is deleted, so switching it off takes effect
 * @param interval how often the schedule runs; default {@value #DEFAULT_INTERVAL}, at least 1 min
 * @param confirmations how many checks in a row must find a service down before the schedule opens
 *     an incident for it; default 2, between 1 and 10
 * @param confirmAfter the wait between those checks; default {@value #DEFAULT_CONFIRM_AFTER}
 * @param alertname the alertname of the incident's alert; with the default key labels a real alert
 *     of that name for the service joins the same incident; default {@code ServiceDown}
 */
@ConfigurationProperties("incident.health-check")
public record HealthCheckProperties(
    List<String> services,
    @DefaultValue(HealthCheckProperties.DEFAULT_TIMEOUT) Duration timeout,
    @DefaultValue("false") boolean scheduleEnabled,
    @DefaultValue(HealthCheckProperties.DEFAULT_INTERVAL) Duration interval,
    @DefaultValue("2") int confirmations,
    @DefaultValue(HealthCheckProperties.DEFAULT_CONFIRM_AFTER) Duration confirmAfter,
    @DefaultValue("ServiceDown") String alertname) {
  public static final String DEFAULT_TIMEOUT = "25s";
  public static final String DEFAULT_INTERVAL = "5m";
  public static final String DEFAULT_CONFIRM_AFTER = "30s";

  public HealthCheckProperties {
    services =
        services == null
            ? List.of()
            : services.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    timeout = timeout == null ? DurationStyle.detectAndParse(DEFAULT_TIMEOUT) : timeout;
    interval = interval == null ? DurationStyle.detectAndParse(DEFAULT_INTERVAL) : interval;
    confirmAfter =
        confirmAfter == null ? DurationStyle.detectAndParse(DEFAULT_CONFIRM_AFTER) : confirmAfter;
    alertname = alertname == null || alertname.isBlank() ? "ServiceDown" : alertname.trim();
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "incident.health-check.timeout must be positive, was " + timeout);
    }
    if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "incident.health-check.interval must be at least 1m, was " + interval);
    }
    if (confirmations < 1 || confirmations > 10) {
      throw new IllegalArgumentException(
          "incident.health-check.confirmations must be between 1 and 10, was " + confirmations);
    }
    if (confirmAfter.isNegative()
        || confirmAfter.isZero()
        || confirmAfter.multipliedBy(confirmations).compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "incident.health-check.confirm-after must be positive and, times confirmations, at most"
              + " the interval ("
              + interval
              + "), was "
              + confirmAfter);
    }
  }
}
