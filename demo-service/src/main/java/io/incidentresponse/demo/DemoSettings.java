package io.incidentresponse.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the demo service runs, read from the environment by {@link #fromEnvironment(Map)}.
 *
 * @param port HTTP port ({@code PORT}, default 8090; 0 picks a free one)
 * @param failureRate share of {@code /checkout} requests answered 500 at start ({@code
 *     FAILURE_RATE}, 0..1, default 0.01)
 * @param loadRps requests per second the built-in load generator sends to {@code /checkout} ({@code
 *     LOAD_RPS}, default 20; 0 switches it off)
 * @param minLatency least time a {@code /checkout} answer takes ({@code LATENCY_MIN_MS}, default 5)
 * @param maxLatency most time a {@code /checkout} answer takes ({@code LATENCY_MAX_MS}, default 60)
 * @param breakers names of the circuit breakers the admin endpoint knows ({@code BREAKERS},
 *     comma-separated, default {@code payments}); the first guards the dependency whose failures
 *     make the 500s, so opening it turns them into degraded 200s
 * @param adminToken bearer token the {@code /admin/**} endpoints require ({@code ADMIN_TOKEN});
 *     empty leaves them open; never printed
 */
public record DemoSettings(
    int port,
    double failureRate,
    double loadRps,
    Duration minLatency,
    Duration maxLatency,
    List<String> breakers,
    String adminToken) {

  public static final int DEFAULT_PORT = 8090;

  public DemoSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("PORT must be 0..65535, was " + port);
    }
    FailureRate.check(failureRate);
    if (!(loadRps >= 0) || Double.isInfinite(loadRps)) {
      throw new IllegalArgumentException("LOAD_RPS must be 0 or more, was " + loadRps);
    }
    minLatency = minLatency == null ? Duration.ofMillis(5) : minLatency;
    maxLatency = maxLatency == null ? Duration.ofMillis(60) : maxLatency;
    if (minLatency.isNegative() || maxLatency.compareTo(minLatency) < 0) {
      throw new IllegalArgumentException(
          "latency bounds must satisfy 0 <= LATENCY_MIN_MS <= LATENCY_MAX_MS");
    }
    breakers = breakers == null || breakers.isEmpty() ? List.of("payments") : List.copyOf(breakers);
    adminToken = adminToken == null ? "" : adminToken.strip();
  }

  /** Settings for tests: a free port, no load, no latency, no admin token. */
  public static DemoSettings forTest(double failureRate) {
    return new DemoSettings(0, failureRate, 0, Duration.ZERO, Duration.ZERO, null, null);
  }

  /** Reads the variables named in the record's description; unset ones take their defaults. */
  public static DemoSettings fromEnvironment(Map<String, String> env) {
    return new DemoSettings(
        (int) number(env, "PORT", DEFAULT_PORT),
        number(env, "FAILURE_RATE", 0.01),
        number(env, "LOAD_RPS", 20),
        Duration.ofMillis((long) number(env, "LATENCY_MIN_MS", 5)),
        Duration.ofMillis((long) number(env, "LATENCY_MAX_MS", 60)),
        env.get("BREAKERS") == null
            ? null
            : List.of(env.get("BREAKERS").split(",")).stream()
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .toList(),
        env.get("ADMIN_TOKEN"));
  }

  private static double number(Map<String, String> env, String name, double fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
    }
  }

  /** Never prints the admin token. */
  @Override
  public String toString() {
    return "DemoSettings[port="
        + port
        + ", failureRate="
        + failureRate
        + ", loadRps="
        + loadRps
        + ", latency="
        + minLatency.toMillis()
        + ".."
        + maxLatency.toMillis()
        + "ms, breakers="
        + breakers
        + ", adminToken="
        + (adminToken.isEmpty() ? "(none)" : "(set)")
        + "]";
  }
}
