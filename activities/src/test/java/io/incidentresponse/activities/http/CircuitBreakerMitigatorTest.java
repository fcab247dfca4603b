package io.incidentresponse.activities.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The circuit-breaker mitigation against a MockWebServer admin endpoint. */
class CircuitBreakerMitigatorTest {
  private static final String PATH = "/shop/checkout/admin/circuit-breakers/payments";

  private final MockWebServer admin = new MockWebServer();
  private CircuitBreakerMitigator mitigator;

  @BeforeEach
  void start() throws Exception {
    admin.start();
    mitigator =
        new CircuitBreakerMitigator(
            new CircuitBreakerSettings(
                "http://127.0.0.1:"
                    + admin.getPort()
                    + "/{namespace}/{service}/admin/circuit-breakers/{breaker}",
                "cb-secret"),
            new OkHttpClient());
  }

  @AfterEach
  void stop() {
    admin.close();
  }

  private static MitigationRequest request(Map<String, String> parameters, boolean dryRun) {
    return new MitigationRequest(
        "inc-1",
        "circuit-breaker-1",
        new ActionProposal(
            ActionType.CIRCUIT_BREAKER, "shop", "payments", parameters, null, "payments failing"),
        "alice",
        dryRun,
        0);
  }

  private static MockResponse state(String state) {
    return new MockResponse.Builder().code(200).body("{\"state\":\"" + state + "\"}").build();
  }

  @Test
  void run_givenClosedBreaker_putsOpenAndReadsItBack() throws Exception {
    admin.enqueue(state("closed"));
    admin.enqueue(state("open"));
    admin.enqueue(state("open"));

    MitigationResult result = mitigator.run(request(Map.of("service", "checkout"), false));

    assertThat(result.summary())
        .isEqualTo("set circuit breaker payments of checkout from closed to open");
    assertThat(result.before())
        .containsEntry("state", "closed")
        .containsEntry("service", "checkout")
        .containsEntry("breaker", "payments");
    assertThat(result.after()).containsEntry("state", "open");
    RecordedRequest get = admin.takeRequest();
    RecordedRequest put = admin.takeRequest();
    RecordedRequest readBack = admin.takeRequest();
    assertThat(get.getMethod()).isEqualTo("GET");
    assertThat(get.getUrl().encodedPath()).isEqualTo(PATH);
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getUrl().encodedPath()).isEqualTo(PATH);
    assertThat(put.getBody().utf8()).isEqualTo("{\"state\":\"open\"}");
    assertThat(put.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(readBack.getMethod()).isEqualTo("GET");
    for (RecordedRequest sent : new RecordedRequest[] {get, put, readBack}) {
      assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer cb-secret");
    }
    assertThat(admin.getRequestCount()).isEqualTo(3);
  }

  @Test
  void run_givenAlreadyOpen_sendsNoPut() throws Exception {
    admin.enqueue(state("OPEN"));

    MitigationResult result = mitigator.run(request(Map.of("service", "checkout"), false));

    assertThat(result.summary())
        .isEqualTo("circuit breaker payments of checkout is already open: nothing to do");
    assertThat(result.after()).containsEntry("state", "open");
    assertThat(admin.takeRequest().getMethod()).isEqualTo("GET");
    assertThat(admin.getRequestCount()).isEqualTo(1);
  }

  @Test
  void run_givenDryRun_onlyReads() throws Exception {
    admin.enqueue(state("closed"));

    MitigationResult result = mitigator.run(request(Map.of("service", "checkout"), true));

    assertThat(result.summary())
        .isEqualTo("dry run: would set circuit breaker payments of checkout from closed to open");
    assertThat(result.after()).containsEntry("state", "closed").containsEntry("wouldSet", "open");
    assertThat(admin.takeRequest().getMethod()).isEqualTo("GET");
    assertThat(admin.getRequestCount()).isEqualTo(1);
  }

  @Test
  void run_givenStateClosed_closesTheBreaker() throws Exception {
    admin.enqueue(state("open"));
    admin.enqueue(new MockResponse.Builder().code(204).build());
    admin.enqueue(state("closed"));

    MitigationResult result =
        mitigator.run(
            request(Map.of("service", "checkout", ActionParameters.STATE, "closed"), false));

    assertThat(result.before()).containsEntry("state", "open");
    assertThat(result.after()).containsEntry("state", "closed");
    admin.takeRequest();
    assertThat(admin.takeRequest().getBody().utf8()).isEqualTo("{\"state\":\"closed\"}");
  }

  @Test
  void run_given401_failsWithInvalidCredentialsWithoutTheToken() {
    admin.enqueue(new MockResponse.Builder().code(401).body("{\"error\":\"bad token\"}").build());

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> mitigator.run(request(Map.of("service", "checkout"), false)));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).doesNotContain("cb-secret");
    assertThat(admin.getRequestCount()).isEqualTo(1);
  }

  @Test
  void run_given409OnPut_failsRetryablyWithConflict() {
    admin.enqueue(state("closed"));
    admin.enqueue(new MockResponse.Builder().code(409).body("{\"error\":\"changing\"}").build());

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> mitigator.run(request(Map.of("service", "checkout"), false)));

    assertThat(failure.getType()).isEqualTo(FailureType.CONFLICT.type());
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void run_givenReadBackStillClosed_failsRetryablyWithConflict() {
    admin.enqueue(state("closed"));
    admin.enqueue(state("open"));
    admin.enqueue(state("closed"));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> mitigator.run(request(Map.of("service", "checkout"), false)));

    assertThat(failure.getType()).isEqualTo(FailureType.CONFLICT.type());
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void run_given404_failsWithNotFound() {
    admin.enqueue(new MockResponse.Builder().code(404).build());

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> mitigator.run(request(Map.of("service", "checkout"), false)));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_FOUND.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void run_givenNoServiceParameter_failsWithBadRequestAndSendsNothing() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> mitigator.run(request(Map.of(), false)));

    assertThat(failure.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(admin.getRequestCount()).isZero();
  }

  @Test
  void run_givenServiceThatIsNotAPlainName_failsWithBadRequest() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> mitigator.run(request(Map.of("service", "../other"), false)));

    assertThat(failure.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
    assertThat(admin.getRequestCount()).isZero();
  }

  @Test
  void settings_neverPrintTheToken() {
    assertThat(new CircuitBreakerSettings("http://x/{breaker}", "cb-secret").toString())
        .doesNotContain("cb-secret")
        .contains("token=(set)");
  }
}
