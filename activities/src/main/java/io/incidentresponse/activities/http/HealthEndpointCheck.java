package io.incidentresponse.activities.http;

import io.incidentresponse.activities.mitigation.RecoveryCheck;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Recovery check {@code health endpoint}: GET the service's health URL; it passes on a 2xx answered
 * (body included) within {@code maxLatency}, e.g. {@code 200 in 35 ms < 1000 ms}.
 *
 * <p>A 5xx (or any other non-2xx), a slow answer, and also an unreachable host or a timeout are
 * FAILED checks, not "could not look": the endpoint is the service itself, not a monitoring system
 * in between, so a service that does not answer is not healthy. The detail says which ({@code
 * unreachable: ...}, {@code timed out after ...}), so a wrong URL template shows as such. The only
 * failure it throws is the non-retryable NOT_CONFIGURED when no URL is known for the service.
 *
 * <p>The call is bounded by three times the latency limit (at least 2 s) whatever the client's own
 * timeouts: waiting longer would only turn a certain failure into a slower one.
 */
public final class HealthEndpointCheck implements RecoveryCheck {
  static final String NAME = "health endpoint";

  private final HealthCheckSettings settings;
  private final OkHttpClient client;

  public HealthEndpointCheck(HealthCheckSettings settings, OkHttpClient client) {
    this.settings = settings;
    long limit = Math.max(2000, settings.maxLatency().toMillis() * 3);
    this.client =
        client
            .newBuilder()
            .callTimeout(limit, TimeUnit.MILLISECONDS)
            .connectTimeout(limit, TimeUnit.MILLISECONDS)
            .readTimeout(limit, TimeUnit.MILLISECONDS)
            .build();
  }

  @Override
  public List<CheckResult> check(VerificationRequest request) {
    String url = settings.urlFor(request.service(), request.namespace());
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
    if (parsed == null) {
      throw ExpectedFailures.notConfigured(
          "health endpoint check has no URL for service '"
              + request.service()
              + "' (incident.verification.health.url-template or"
              + " incident.verification.health.urls)");
    }
    long maxMillis = settings.maxLatency().toMillis();
    Request get = new Request.Builder().url(parsed).get().build();
    long start = System.nanoTime();
    try (Response response = client.newCall(get).execute()) {
      response.body().bytes();
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      int code = response.code();
      if (!response.isSuccessful()) {
        return List.of(
            CheckResult.fail(NAME, code + " in " + millis + " ms (" + where(parsed) + ")"));
      }
      if (millis >= maxMillis) {
        return List.of(
            CheckResult.fail(NAME, code + " in " + millis + " ms >= " + maxMillis + " ms"));
      }
      return List.of(CheckResult.pass(NAME, code + " in " + millis + " ms < " + maxMillis + " ms"));
    } catch (InterruptedIOException e) {
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      return List.of(
          CheckResult.fail(NAME, "timed out after " + millis + " ms (" + where(parsed) + ")"));
    } catch (IOException e) {
      return List.of(
          CheckResult.fail(
              NAME,
              "unreachable: "
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                  + " ("
                  + where(parsed)
                  + ")"));
    }
  }

  /** Host, port and path: no user info or query, which could hold a token. */
  private static String where(HttpUrl url) {
    return url.scheme() + "://" + url.host() + ":" + url.port() + url.encodedPath();
  }
}
