package io.incidentresponse.activities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A JSON-over-HTTP call with the answer classified where it happens: 401/403 bad credentials, 404
 * not found and other 4xx are final; 409 conflict is retried; 429 is retried after the server's
 * Retry-After; 5xx, timeouts, network errors and a 2xx body that is not JSON (a proxy's error page)
 * are retried with backoff. Messages never carry request headers (credentials).
 */
public final class HttpCalls {
  private final String system;
  private final OkHttpClient client;
  private final ObjectMapper mapper = new ObjectMapper();

  public HttpCalls(String system, OkHttpClient client) {
    this.system = system;
    this.client = client;
  }

  public JsonNode send(String what, Request request) {
    return parse(what, text(what, request));
  }

  /**
   * The body of a 2xx answer as text (a feed, a page), with every other answer classified as {@link
   * #send} does.
   */
  public String text(String what, Request request) {
    try (Response response = client.newCall(request).execute()) {
      String body = response.body().string();
      int code = response.code();
      if (code < 300) {
        return body;
      }
      String message = system + " " + what + " answered " + code + ": " + errorOf(body);
      if (code == 429) {
        throw ExpectedFailures.paced(
            message, Duration.ofSeconds(retryAfter(response.header("Retry-After"))));
      }
      if (code == 401 || code == 403) {
        throw ApplicationFailure.newNonRetryableFailure(
            message, FailureType.INVALID_CREDENTIALS.type());
      }
      if (code == 404) {
        throw ApplicationFailure.newNonRetryableFailure(message, FailureType.NOT_FOUND.type());
      }
      if (code == 409) {
        throw ApplicationFailure.newFailure(message, FailureType.CONFLICT.type());
      }
      if (code >= 500) {
        throw ApplicationFailure.newFailure(message, FailureType.UNAVAILABLE.type());
      }
      throw ApplicationFailure.newNonRetryableFailure(message, FailureType.BAD_REQUEST.type());
    } catch (InterruptedIOException e) {
      throw ApplicationFailure.newFailure(
          system + " " + what + " timed out: " + e.getMessage(), FailureType.UNAVAILABLE.type());
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          system + " " + what + " unreachable: " + e.getMessage(), FailureType.UNAVAILABLE.type());
    }
  }

  private JsonNode parse(String what, String body) {
    if (body.isBlank()) {
      return mapper.createObjectNode();
    }
    try {
      return mapper.readTree(body);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          system + " " + what + " answered with a body that is not JSON: " + trim(body),
          FailureType.UNAVAILABLE.type());
    }
  }

  private String errorOf(String body) {
    try {
      JsonNode json = mapper.readTree(body);
      JsonNode error = json.path("error");
      if (error.isTextual()) {
        return error.asText();
      }
      if (error.isMissingNode()) {
        // Jaeger: {"data":null,...,"errors":[{"code":400,"msg":"..."}]}
        JsonNode msg = json.path("errors").path(0).path("msg");
        return trim(msg.isTextual() ? msg.asText() : body);
      }
      if (error.path("message").isTextual()) {
        // PagerDuty: {"error":{"message":"Invalid Input Provided","errors":["what was wrong"]}}
        String message = error.path("message").asText();
        List<String> details = new ArrayList<>();
        error.path("errors").forEach(detail -> details.add(detail.asText()));
        return trim(
            details.isEmpty() ? message : message + " (" + String.join("; ", details) + ")");
      }
      if (error.path("reason").isTextual()) {
        // Elasticsearch: {"type":..., "reason":..., "root_cause":[{"type":..., "reason":...}]}
        String text = error.path("type").asText("error") + ": " + error.path("reason").asText();
        JsonNode root = error.path("root_cause").path(0);
        if (root.path("reason").isTextual()
            && !root.path("reason").asText().equals(error.path("reason").asText())) {
          text +=
              " (" + root.path("type").asText("cause") + ": " + root.path("reason").asText() + ")";
        }
        return trim(text);
      }
      return trim(body);
    } catch (IOException notJson) {
      return trim(body);
    }
  }

  private static String trim(String body) {
    return body.length() > 200 ? body.substring(0, 200) : body;
  }

  private static long retryAfter(String header) {
    try {
      return header == null ? 10 : Math.max(1, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 10;
    }
  }
}
