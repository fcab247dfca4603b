package io.incidentresponse.starter.detection;

import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.synthetic.Journey;
import io.incidentresponse.workflows.synthetic.JourneyStep;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Synthetic journeys, under {@code incident.synthetics.*}: each runs on its own Temporal Schedule
 * ({@code synthetic-<name>}). Checked at start-up: a mistake fails it, naming the property.
 *
 * @param failuresBeforeAlert runs in a row that must fail before a journey's alert is raised,
 *     unless the journey sets its own; default 2 (one blip opens nothing), between 1 and 10
 * @param interval how often a journey runs unless it sets its own; default 5m, at least 30s
 * @param journeys the journeys by name (letters, digits and dashes)
 */
@ConfigurationProperties("incident.synthetics")
public record SyntheticProperties(
    @DefaultValue("2") int failuresBeforeAlert,
    @DefaultValue("5m") Duration interval,
    Map<String, JourneyProperties> journeys) {

  static final String PREFIX = "incident.synthetics";
  static final Duration MIN_INTERVAL = Duration.ofSeconds(30);
  static final int MAX_STEPS = 20;
  static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  public SyntheticProperties {
    interval = interval == null ? Duration.ofMinutes(5) : interval;
    journeys = journeys == null ? Map.of() : new LinkedHashMap<>(journeys);
    if (failuresBeforeAlert < 1 || failuresBeforeAlert > 10) {
      throw new IllegalArgumentException(
          PREFIX + ".failures-before-alert must be between 1 and 10, was " + failuresBeforeAlert);
    }
    atLeast(PREFIX + ".interval", interval);
    for (Map.Entry<String, JourneyProperties> entry : journeys.entrySet()) {
      String property = PREFIX + ".journeys." + entry.getKey();
      JourneyProperties journey = entry.getValue();
      journey.check(property, entry.getKey());
      Duration every = journey.interval() == null ? interval : journey.interval();
      Duration longest = journey.journey(entry.getKey(), failuresBeforeAlert).longestRun();
      if (longest.compareTo(every) >= 0) {
        throw new IllegalArgumentException(
            property
                + ".steps: their max durations (plus "
                + JourneyStep.MARGIN.toSeconds()
                + " s each) take "
                + longest
                + ", which must be less than the interval "
                + every);
      }
    }
  }

  /** The journeys as the schedules run them, by name. */
  public Map<String, Journey> configured() {
    Map<String, Journey> configured = new LinkedHashMap<>();
    journeys.forEach(
        (name, journey) -> configured.put(name, journey.journey(name, failuresBeforeAlert)));
    return configured;
  }

  /** How often the journey {@code name} runs. */
  public Duration intervalOf(String name) {
    Duration own = journeys.get(name).interval();
    return own == null ? interval : own;
  }

  /** Refuses anything but an absolute http(s) URL, naming {@code property}. */
  static void httpUrl(String property, String url) {
    URI uri;
    try {
      uri = url == null ? null : URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !List.of("http", "https")
            .contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(property + " must be an absolute http(s) URL, was " + url);
    }
  }

  private static void atLeast(String property, Duration interval) {
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException(
          property + " must be at least " + MIN_INTERVAL.toSeconds() + "s, was " + interval);
    }
  }

  /**
   * One journey, {@code incident.synthetics.journeys.<name>.*}.
   *
   * @param service the service whose incident it opens or joins (required)
   * @param severity the incident's severity, P0-P3; default P2
   * @param interval how often it runs; default {@code incident.synthetics.interval}
   * @param failuresBeforeAlert default {@code incident.synthetics.failures-before-alert}
   * @param steps its requests, in order (1 to 20)
   */
  public record JourneyProperties(
      String service,
      Severity severity,
      Duration interval,
      Integer failuresBeforeAlert,
      List<StepProperties> steps) {

    public JourneyProperties {
      steps = steps == null ? List.of() : List.copyOf(steps);
    }

    void check(String property, String name) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            property
                + ": a journey's name must be lower-case letters, digits and dashes (at most"
                + " 63), was '"
                + name
                + "'");
      }
      if (service == null || !SERVICE.matcher(service).matches()) {
        throw new IllegalArgumentException(
            property + ".service must be a service name (letters, digits, . _ -), was " + service);
      }
      if (interval != null) {
        atLeast(property + ".interval", interval);
      }
      if (failuresBeforeAlert != null && (failuresBeforeAlert < 1 || failuresBeforeAlert > 10)) {
        throw new IllegalArgumentException(
            property
                + ".failures-before-alert must be between 1 and 10, was "
                + failuresBeforeAlert);
      }
      if (steps.isEmpty() || steps.size() > MAX_STEPS) {
        throw new IllegalArgumentException(
            property + ".steps must have 1 to " + MAX_STEPS + " steps, has " + steps.size());
      }
      for (int i = 0; i < steps.size(); i++) {
        steps.get(i).check(property + ".steps[" + i + "]");
      }
    }

    Journey journey(String name, int defaultFailures) {
      List<JourneyStep> journeySteps = new ArrayList<>();
      for (StepProperties step : steps) {
        journeySteps.add(step.step());
      }
      return new Journey(
          name,
          service,
          severity,
          journeySteps,
          failuresBeforeAlert == null ? defaultFailures : failuresBeforeAlert);
    }
  }

  /**
   * One request of a journey, {@code ...steps[i].*}.
   *
   * @param name its name in findings; default {@code step-<n>}
   * @param method GET, HEAD, POST, PUT, PATCH or DELETE; default GET
   * @param url an absolute http(s) URL (required)
   * @param headers request headers; write a token as {@code {{env:NAME}}}, read from the worker's
   *     environment, so it never enters the schedule or a history (shown masked here)
   * @param body a request body (POST, PUT, PATCH)
   * @param expectedStatus default 200
   * @param expectedBody a text the body must contain
   * @param expectedJsonPath a JSONPath the JSON body must have ({@code $.status})
   * @param expectedJsonValue the value there, as text
   * @param maxDuration longest the answer may take; default 5s, between 100ms and 60s
   */
  public record StepProperties(
      String name,
      String method,
      String url,
      Map<String, String> headers,
      String body,
      Integer expectedStatus,
      String expectedBody,
      String expectedJsonPath,
      String expectedJsonValue,
      Duration maxDuration) {
    private static final List<String> METHODS =
        List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    private static final int MAX_TEXT = 10_000;

    void check(String property) {
      String verb = method == null ? "GET" : method.trim().toUpperCase(Locale.ROOT);
      if (!METHODS.contains(verb)) {
        throw new IllegalArgumentException(
            property + ".method must be one of " + METHODS + ", was " + method);
      }
      httpUrl(property + ".url", url);
      if (body != null && List.of("GET", "HEAD").contains(verb)) {
        throw new IllegalArgumentException(property + ".body: a " + verb + " has no body");
      }
      if (expectedStatus != null && (expectedStatus < 100 || expectedStatus > 599)) {
        throw new IllegalArgumentException(
            property + ".expected-status must be an HTTP status, was " + expectedStatus);
      }
      if (maxDuration != null
          && (maxDuration.compareTo(Duration.ofMillis(100)) < 0
              || maxDuration.compareTo(Duration.ofSeconds(60)) > 0)) {
        throw new IllegalArgumentException(
            property + ".max-duration must be between 100ms and 60s, was " + maxDuration);
      }
      if (expectedJsonValue != null && expectedJsonPath == null) {
        throw new IllegalArgumentException(
            property + ".expected-json-value needs expected-json-path");
      }
      if (expectedJsonPath != null) {
        try {
          com.jayway.jsonpath.JsonPath.compile(expectedJsonPath);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              property + ".expected-json-path is not a JSONPath: " + e.getMessage());
        }
      }
      for (String text : java.util.Arrays.asList(body, expectedBody, expectedJsonValue)) {
        if (text != null && text.length() > MAX_TEXT) {
          throw new IllegalArgumentException(
              property + ": body and expected texts are at most " + MAX_TEXT + " characters");
        }
      }
    }

    JourneyStep step() {
      return new JourneyStep(
          name,
          method,
          url.trim(),
          headers,
          body,
          expectedStatus,
          expectedBody,
          expectedJsonPath,
          expectedJsonValue,
          maxDuration);
    }

    @Override
    public String toString() {
      return "StepProperties[name="
          + name
          + ", method="
          + method
          + ", url="
          + url
          + ", headers="
          + (headers == null ? "{}" : headers.keySet() + " (values masked)")
          + ", expectedStatus="
          + expectedStatus
          + "]";
    }
  }
}
