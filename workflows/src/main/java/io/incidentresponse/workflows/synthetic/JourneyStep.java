package io.incidentresponse.workflows.synthetic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request of a synthetic journey and what its answer must be.
 *
 * @param name the step's name in findings ({@code login}); default {@code step-<n>}
 * @param method the HTTP method; default GET
 * @param url the URL
 * @param headers request headers; a value written {@code {{env:NAME}}} is read from the worker's
 *     environment variable NAME when the step runs, so a token never enters the schedule or a
 *     workflow history
 * @param body the request body (JSON), or null
 * @param expectedStatus the status the answer must have; default 200
 * @param expectedBody a text the answer's body must contain, or null
 * @param expectedJsonPath a JSONPath into the answer's JSON body ({@code $.status}), or null
 * @param expectedJsonValue the value found there, as text; null: the path must merely exist
 * @param maxDuration the longest the answer may take; the call is cut at this plus a margin
 */
public record JourneyStep(
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

  public static final Duration DEFAULT_MAX_DURATION = Duration.ofSeconds(5);

  /** What a step's call may take beyond its max duration before it is cut. */
  public static final Duration MARGIN = Duration.ofSeconds(2);

  public JourneyStep {
    method = method == null || method.isBlank() ? "GET" : method.trim().toUpperCase(Locale.ROOT);
    headers = headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers);
    expectedStatus = expectedStatus == null ? 200 : expectedStatus;
    maxDuration =
        maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()
            ? DEFAULT_MAX_DURATION
            : maxDuration;
  }

  /** How long the call may run before it is cut: the max duration plus {@link #MARGIN}. */
  public Duration callTimeout() {
    return maxDuration.plus(MARGIN);
  }
}
