package io.incidentresponse.workflows.health;

import io.incidentresponse.workflows.incident.IncidentKeyRule;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import java.time.Duration;

/**
 * What the scheduled health check does about a service that is down ({@link ServiceHealth#down()}):
 * check it again until it has been down {@code confirmations} times in a row, {@code confirmAfter}
 * apart, then open an incident for it, unless one is running or the service is under maintenance.
 *
 * @param confirmations how many checks in a row must find it down (at least 1; default 2)
 * @param confirmAfter the wait between those checks (default 30 s)
 * @param alertname the {@code alertname} of the alert the health check raises (default {@value
 *     #DEFAULT_ALERTNAME}); with the default key labels ({@code service}, {@code alertname}) a real
 *     alert of that name for the service joins the same incident
 * @param keys the starter's incident key rule, so the incident id is the one an alert would get
 * @param policy the response policy the incident is opened with
 */
public record DownServiceWatch(
    Integer confirmations,
    Duration confirmAfter,
    String alertname,
    IncidentKeyRule keys,
    ResponsePolicy policy) {

  public static final String DEFAULT_ALERTNAME = "ServiceDown";

  /** The label value that marks an alert raised by the health check ({@code source} label). */
  public static final String SOURCE = "health-check";

  public DownServiceWatch {
    confirmations = confirmations == null || confirmations < 1 ? 2 : confirmations;
    confirmAfter =
        confirmAfter == null || confirmAfter.isNegative() || confirmAfter.isZero()
            ? Duration.ofSeconds(30)
            : confirmAfter;
    alertname = alertname == null || alertname.isBlank() ? DEFAULT_ALERTNAME : alertname.trim();
    policy = policy == null ? ResponsePolicy.defaults() : policy;
  }
}
