package io.incidentresponse.activities.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.activities.mitigation.Mitigator;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * CIRCUIT_BREAKER: opens (or, with {@code state=closed}, closes) a named breaker on a service's
 * admin endpoint. The proposal's target is the breaker; the service whose endpoint holds it is the
 * required parameter {@value #SERVICE} (an ActionProposal has only a namespace and a target, and
 * the breaker's name says nothing about which service it lives in; guessing it from the target
 * would flip a breaker on the wrong service), the namespace is the proposal's.
 *
 * <p>GET the breaker's state (before), PUT {@code {"state":"open"}}, GET it again (after). If it is
 * already in the wanted state nothing is sent: idempotent. A dry run only GETs. When the read-back
 * disagrees (e.g. the Service balanced the PUT and the GET onto different instances, each with its
 * own breaker) it fails with the retryable CONFLICT. The admin endpoint is expected to act for the
 * whole service (a gateway, or shared state), since a Kubernetes Service reaches one pod per call.
 *
 * <p>Failures, classified by {@link HttpCalls}: 401/403 INVALID_CREDENTIALS and 404 NOT_FOUND are
 * final; 409 CONFLICT, 5xx and timeouts are retried; a missing or malformed parameter is a final
 * BAD_REQUEST. The token goes only into the Authorization header, never into a message.
 */
public final class CircuitBreakerMitigator implements Mitigator {
  /** Parameter naming the service whose admin endpoint holds the breaker. */
  public static final String SERVICE = "service";

  private static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final CircuitBreakerSettings settings;
  private final HttpCalls http;

  public CircuitBreakerMitigator(CircuitBreakerSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.http = new HttpCalls("circuit breaker admin", client);
  }

  @Override
  public MitigationResult run(MitigationRequest request) {
    ActionProposal action = request.action();
    String breaker = name("breaker (target)", action.target());
    String service = name("parameter " + SERVICE, action.parameters().get(SERVICE));
    String wanted = wantedState(action.parameters().get(ActionParameters.STATE));
    String url = url(service, action.namespace(), breaker);
    String which = "circuit breaker " + breaker + " of " + service;

    String current = read(url, "GET " + which);
    Map<String, String> before = new LinkedHashMap<>();
    before.put(SERVICE, service);
    before.put("breaker", breaker);
    before.put("state", current);
    if (current.equals(wanted)) {
      return new MitigationResult(
          which + " is already " + wanted + ": nothing to do", before, Map.of("state", current));
    }
    if (request.dryRun()) {
      return new MitigationResult(
          "dry run: would set " + which + " from " + current + " to " + wanted,
          before,
          Map.of("state", current, "wouldSet", wanted));
    }
    http.send(
        "PUT " + which,
        authorized(url).put(RequestBody.create("{\"state\":\"" + wanted + "\"}", JSON)).build());
    String after = read(url, "GET " + which + " after setting it");
    if (!after.equals(wanted)) {
      throw ApplicationFailure.newFailure(
          which
              + " reads back "
              + after
              + " after it was set to "
              + wanted
              + " (another instance behind the admin URL, or something closed it again)",
          FailureType.CONFLICT.type());
    }
    return new MitigationResult(
        "set " + which + " from " + current + " to " + wanted, before, Map.of("state", after));
  }

  private String read(String url, String what) {
    JsonNode body = http.send(what, authorized(url).get().build());
    JsonNode state = body.path("state");
    if (!state.isTextual() || state.asText().isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "circuit breaker admin " + what + " answered without a \"state\"",
          FailureType.BAD_REQUEST.type());
    }
    return state.asText().trim().toLowerCase(Locale.ROOT);
  }

  private Request.Builder authorized(String url) {
    Request.Builder builder = new Request.Builder().url(url).header("Accept", "application/json");
    if (settings.token() != null && !settings.token().isBlank()) {
      builder.header("Authorization", "Bearer " + settings.token());
    }
    return builder;
  }

  private String url(String service, String namespace, String breaker) {
    String template = settings.urlTemplate();
    if (template.contains("{namespace}")) {
      namespace = name("namespace", namespace);
    }
    return template
        .replace("{service}", service)
        .replace("{namespace}", namespace == null ? "" : namespace)
        .replace("{breaker}", breaker);
  }

  /** A name that goes into the URL: a plain identifier, so it cannot change the path. */
  private static String name(String what, String value) {
    if (value == null || value.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a circuit-breaker mitigation needs the " + what, FailureType.BAD_REQUEST.type());
    }
    String trimmed = value.trim();
    if (!NAME.matcher(trimmed).matches()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "circuit-breaker " + what + " '" + trimmed + "' is not a plain name",
          FailureType.BAD_REQUEST.type());
    }
    return trimmed;
  }

  private static String wantedState(String parameter) {
    String state =
        parameter == null || parameter.isBlank()
            ? "open"
            : parameter.trim().toLowerCase(Locale.ROOT);
    if (!state.equals("open") && !state.equals("closed")) {
      throw ApplicationFailure.newNonRetryableFailure(
          ActionParameters.STATE + " must be open or closed, was '" + parameter + "'",
          FailureType.BAD_REQUEST.type());
    }
    return state;
  }
}
