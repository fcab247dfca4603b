package io.incidentresponse.activities.synthetic;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.synthetic.Journey;
import io.incidentresponse.workflows.synthetic.JourneyRun;
import io.incidentresponse.workflows.synthetic.JourneyStep;
import io.incidentresponse.workflows.synthetic.StepResult;
import io.incidentresponse.workflows.synthetic.SyntheticJourneyActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.internal.http.HttpMethod;

/**
 * Runs a journey's steps with OkHttp, in order, stopping at the first that fails. Each call has its
 * own client cut (call timeout = the step's max duration plus {@link JourneyStep#MARGIN}) and makes
 * no retry of its own (no retry after a connection failure; redirects are followed as a browser
 * would, but not between http and https): what the user would have seen is the finding. The answer
 * is checked for its status, then the body text or JSONPath value, then the time taken. A header
 * value {@code {{env:NAME}}} is read from the worker's environment; one that is not set fails the
 * activity ({@code NOT_CONFIGURED}, final), not the journey, since the service is not at fault.
 */
public final class JourneyRunner implements SyntheticJourneyActivities {
  /** Bytes of an answer read to check it. */
  static final long MAX_BODY_BYTES = 256 * 1024;

  /** Characters of what came instead kept in a finding. */
  static final int MAX_GOT = 200;

  private static final Pattern ENV = Pattern.compile("\\{\\{env:([A-Za-z_][A-Za-z0-9_]*)}}");
  private static final MediaType JSON = MediaType.get("application/json");

  /** Jackson, strict: json-smart, the default, would read an HTML page as a string. */
  private static final Configuration JSON_PATH =
      Configuration.builder()
          .jsonProvider(new JacksonJsonProvider())
          .mappingProvider(new JacksonMappingProvider())
          .build();

  private final OkHttpClient http;
  private final UnaryOperator<String> environment;

  public JourneyRunner(OkHttpClient http) {
    this(http, System::getenv);
  }

  /** With {@code environment} for the {@code {{env:NAME}}} header values (tests). */
  public JourneyRunner(OkHttpClient http, UnaryOperator<String> environment) {
    // A pool of its own that keeps no idle connection: runs are minutes apart, longer than most
    // servers keep an idle connection open, and a step sent on a connection the server has since
    // closed fails ("unexpected end of stream") with no retry inside a step: a false failure every
    // other run (seen against a real server). A fresh connection per step is also what a user's
    // first request pays.
    this.http =
        http.newBuilder()
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .retryOnConnectionFailure(false)
            .followSslRedirects(false)
            .build();
    this.environment = environment;
  }

  @Override
  public JourneyRun runJourney(Journey journey) {
    Instant at = Instant.now();
    List<StepResult> results = new ArrayList<>();
    int index = 0;
    for (JourneyStep step : journey.steps()) {
      index++;
      StepResult result = run(step.name() == null ? "step-" + index : step.name(), step);
      results.add(result);
      if (!result.passed()) {
        break;
      }
    }
    return new JourneyRun(at, results);
  }

  private StepResult run(String name, JourneyStep step) {
    Request request = request(step);
    OkHttpClient client = http.newBuilder().callTimeout(step.callTimeout()).build();
    long started = System.nanoTime();
    try (Response response = client.newCall(request).execute()) {
      String body = response.peekBody(MAX_BODY_BYTES).string();
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      int status = response.code();
      if (status != step.expectedStatus()) {
        return failed(
            name,
            status,
            millis,
            "status " + step.expectedStatus(),
            "status " + status + shown(body));
      }
      if (step.expectedBody() != null && !body.contains(step.expectedBody())) {
        return failed(
            name,
            status,
            millis,
            "a body containing '" + step.expectedBody() + "'",
            "a body without it" + shown(body));
      }
      if (step.expectedJsonPath() != null) {
        String problem = jsonProblem(step, body);
        if (problem != null) {
          return failed(name, status, millis, jsonExpectation(step), problem);
        }
      }
      if (millis > step.maxDuration().toMillis()) {
        return failed(
            name,
            status,
            millis,
            "at most " + step.maxDuration().toMillis() + " ms",
            millis + " ms");
      }
      return new StepResult(name, true, status, millis, null, null);
    } catch (InterruptedIOException e) {
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      return failed(
          name,
          null,
          millis,
          "an answer within " + step.maxDuration().toMillis() + " ms",
          "no answer within " + step.callTimeout().toMillis() + " ms");
    } catch (IOException e) {
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      return failed(
          name,
          null,
          millis,
          "status " + step.expectedStatus(),
          "no answer: " + bounded(String.valueOf(e.getMessage())));
    }
  }

  private Request request(JourneyStep step) {
    Request.Builder request = new Request.Builder().url(step.url());
    String contentType = null;
    for (Map.Entry<String, String> header : step.headers().entrySet()) {
      request.header(header.getKey(), resolved(header.getKey(), header.getValue()));
      if (header.getKey().equalsIgnoreCase("Content-Type")) {
        contentType = header.getValue();
      }
    }
    RequestBody body = null;
    if (HttpMethod.permitsRequestBody(step.method())) {
      MediaType type = contentType == null ? JSON : MediaType.parse(contentType);
      String text = step.body() == null ? "" : step.body();
      body =
          step.body() == null && !HttpMethod.requiresRequestBody(step.method())
              ? null
              : RequestBody.create(text, type);
    }
    return request.method(step.method(), body).build();
  }

  /** {@code {{env:NAME}}} replaced by the worker's environment variable NAME. */
  private String resolved(String header, String value) {
    Matcher matcher = ENV.matcher(value == null ? "" : value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String variable = environment.apply(matcher.group(1));
      if (variable == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "header "
                + header
                + " names environment variable "
                + matcher.group(1)
                + ", which is not set on the worker",
            FailureType.NOT_CONFIGURED.type());
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(variable));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** Null when the JSONPath value is as expected, else what came instead. */
  private static String jsonProblem(JourneyStep step, String body) {
    Object value;
    try {
      value = JsonPath.using(JSON_PATH).parse(body).read(step.expectedJsonPath());
    } catch (InvalidPathException e) { // includes PathNotFoundException
      return "nothing at " + step.expectedJsonPath() + shown(body);
    } catch (RuntimeException notJson) { // InvalidJsonException, or a body JsonPath cannot read
      return "a body that is not JSON" + shown(body);
    }
    if (step.expectedJsonValue() == null || Objects.equals(text(value), step.expectedJsonValue())) {
      return null;
    }
    return "'" + bounded(text(value)) + "'";
  }

  private static String jsonExpectation(JourneyStep step) {
    return step.expectedJsonValue() == null
        ? "a value at " + step.expectedJsonPath()
        : step.expectedJsonPath() + " = '" + step.expectedJsonValue() + "'";
  }

  private static String text(Object value) {
    return value == null ? "null" : value.toString();
  }

  private static StepResult failed(
      String name, Integer status, long millis, String expected, String got) {
    return new StepResult(name, false, status, millis, bounded(expected), bounded(got));
  }

  private static String shown(String body) {
    String trimmed = body.strip();
    return trimmed.isEmpty() ? "" : ": " + trimmed;
  }

  private static String bounded(String text) {
    return text.length() > MAX_GOT ? text.substring(0, MAX_GOT) + "…" : text;
  }
}
