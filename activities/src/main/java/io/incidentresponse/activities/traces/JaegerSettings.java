package io.incidentresponse.activities.traces;

import static io.incidentresponse.activities.SettingChecks.atLeast;
import static io.incidentresponse.activities.SettingChecks.baseUrl;
import static io.incidentresponse.activities.SettingChecks.blank;
import static io.incidentresponse.activities.SettingChecks.positive;

import java.time.Duration;
import java.util.Map;

/**
 * How to reach Jaeger's query service ({@code incident.jaeger.*}) and what to ask it.
 *
 * @param url base URL of the Jaeger query HTTP API (the UI's port), e.g. {@code
 *     http://jaeger-query:16686}; the integration is configured when it is not blank
 * @param bearerToken sent as {@code Authorization: Bearer} when not blank (a proxy in front of
 *     Jaeger); optional; never printed
 * @param limit at most this many traces per search (error traces, slow traces); default 20, at most
 *     {@value #MAX_LIMIT}
 * @param timeout each call to Jaeger; default 10 s
 * @param slowMinDuration a trace at least this long is slow; default 1 s (Prometheus's default p95
 *     threshold)
 * @param services service name to the name it reports to Jaeger, when they differ; a service not
 *     listed is searched under its own name
 */
public record JaegerSettings(
    String url,
    String bearerToken,
    Integer limit,
    Duration timeout,
    Duration slowMinDuration,
    Map<String, String> services) {

  /** Each trace is read whole: more than this per search is too much to carry. */
  public static final int MAX_LIMIT = 200;

  static final String PREFIX = "incident.jaeger";

  public JaegerSettings {
    url = baseUrl(PREFIX + ".url", url);
    limit = atLeast(PREFIX + ".limit", limit, 1, 20);
    if (limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          PREFIX + ".limit must be at most " + MAX_LIMIT + ", was " + limit);
    }
    timeout = positive(PREFIX + ".timeout", timeout, Duration.ofSeconds(10));
    slowMinDuration =
        positive(PREFIX + ".slow-min-duration", slowMinDuration, Duration.ofSeconds(1));
    services = services == null ? Map.of() : Map.copyOf(services);
  }

  /** The URL and token, every other setting at its default. */
  public static JaegerSettings of(String url, String bearerToken) {
    return new JaegerSettings(url, bearerToken, null, null, null, null);
  }

  public boolean configured() {
    return !blank(url);
  }

  /** The name {@code service} reports to Jaeger. */
  public String jaegerService(String service) {
    String name = services.get(service);
    return blank(name) ? service : name.strip();
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "JaegerSettings[url="
        + url
        + ", bearerToken="
        + (blank(bearerToken) ? "(none)" : "(set)")
        + ", limit="
        + limit
        + ", timeout="
        + timeout
        + ", slowMinDuration="
        + slowMinDuration
        + ", services="
        + services
        + "]";
  }
}
