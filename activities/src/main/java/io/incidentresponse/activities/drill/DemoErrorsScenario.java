package io.incidentresponse.activities.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.drill.DrillInjection;
import io.incidentresponse.workflows.drill.DrillScenarios;
import io.incidentresponse.workflows.drill.DrillTarget;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Errors through the demo service's admin API: {@code GET /admin/failure-rate} reads the rate,
 * {@code POST /admin/failure-rate {"rate":0.3}} sets it, and the revert sets the rate read before.
 * Parameter {@code rate} (required, 0..1). The demo service does not change its latency at run
 * time, so there is no latency scenario.
 */
final class DemoErrorsScenario implements DrillScenario {
  private static final MediaType JSON = MediaType.get("application/json");

  private final DrillSettings settings;
  private final HttpCalls http;

  DemoErrorsScenario(DrillSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.http = new HttpCalls("demo service", client);
  }

  @Override
  public String name() {
    return DrillScenarios.DEMO_ERRORS;
  }

  @Override
  public DrillInjection capture(DrillTarget target) {
    double rate = DrillParameters.share(target.parameters(), "rate", null);
    HttpUrl url = url(target.service(), target.namespace());
    double current = rate(http.send("failure rate", request(url).get().build()), url);
    Map<String, String> parameters = new LinkedHashMap<>(target.parameters());
    parameters.put("rate", String.valueOf(rate));
    return new DrillInjection(
        target.drillId(),
        name(),
        target.service(),
        target.namespace(),
        parameters,
        Map.of("rate", String.valueOf(current)),
        "failure rate "
            + rate
            + " on "
            + target.service()
            + " (demo admin API, was "
            + current
            + ")",
        target.dryRun());
  }

  @Override
  public void inject(DrillInjection injection) {
    set(injection, injection.parameters().get("rate"));
  }

  @Override
  public String revert(DrillInjection injection) {
    String rate = injection.before().get("rate");
    set(injection, rate);
    return "failure rate set back to " + rate;
  }

  private void set(DrillInjection injection, String rate) {
    HttpUrl url = url(injection.service(), injection.namespace());
    String body = "{\"rate\":" + Double.parseDouble(rate) + "}";
    http.send("failure rate", request(url).post(RequestBody.create(body, JSON)).build());
  }

  private static double rate(JsonNode answer, HttpUrl url) {
    JsonNode rate = answer.path("rate");
    if (!rate.isNumber()) {
      throw ApplicationFailure.newFailure(
          "demo service at " + url + " answered without a rate: not the demo admin API?",
          FailureType.UNAVAILABLE.type());
    }
    return rate.asDouble();
  }

  private HttpUrl url(String service, String namespace) {
    String base;
    try {
      base = settings.demoUrl(service, namespace);
    } catch (IllegalArgumentException e) {
      throw DrillParameters.bad(e.getMessage());
    }
    return HttpUrl.get(base).newBuilder().addPathSegments("admin/failure-rate").build();
  }

  private Request.Builder request(HttpUrl url) {
    Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
    if (settings.demoAdminToken() != null) {
      request.header("Authorization", "Bearer " + settings.demoAdminToken());
    }
    return request;
  }
}
