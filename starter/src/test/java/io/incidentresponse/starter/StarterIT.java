package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.incidentresponse.starter.identity.IdentityProperties;
import io.incidentresponse.starter.incident.IncidentKeys;
import io.incidentresponse.workflows.identity.IdentityActivities;
import io.incidentresponse.workflows.identity.ProofChecker;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.Phase;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testing.TestEnvironmentOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The starter on a random port with Temporal's in-process test server (search attributes registered
 * by the starter itself) and a worker running the real incident workflow (outside systems stood in
 * by {@link StandInActivities}). One Spring context is shared by every subclass: tests use incident
 * keys of their own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(StarterIT.StandIns.class)
abstract class StarterIT {
  static final String AUTHORIZATION = "Authorization";
  static final String BEARER = "Bearer am-secret";

  @TestConfiguration
  static class StandIns {
    @Bean
    StandInActivities standInActivities() {
      return new StandInActivities();
    }

    @Bean
    TemporalWrites temporalWrites() {
      return new TemporalWrites();
    }

    @Bean
    TemporalQueries temporalQueries() {
      return new TemporalQueries();
    }

    @Bean
    SlowDescribes slowDescribes() {
      return new SlowDescribes();
    }

    /** The test server's client goes through {@link SlowDescribes} (idle unless a test arms it). */
    @Bean
    TemporalOptionsCustomizer<TestEnvironmentOptions.Builder> slowNetwork(SlowDescribes slow) {
      return options ->
          options.setWorkflowServiceStubsOptions(
              WorkflowServiceStubsOptions.newBuilder()
                  .setGrpcClientInterceptors(List.of(slow))
                  .build());
    }

    /**
     * The worker's real proof checker, with the key the starter signs with (if the test sets one).
     */
    @Bean
    IdentityActivities identityActivities(IdentityProperties identity) {
      return new ProofChecker(identity.proofKey(), Clock.systemUTC());
    }
  }

  /** The identity provider of every test: its JWK set on a MockWebServer. */
  static final Tokens TOKENS = new Tokens();

  @DynamicPropertySource
  static void oidc(DynamicPropertyRegistry registry) {
    registry.add("incident.security.oidc.issuer-uri", TOKENS::issuer);
    registry.add("incident.security.oidc.jwk-set-uri", TOKENS::jwkSetUri);
    registry.add("incident.security.oidc.audience", () -> Tokens.AUDIENCE);
  }

  @LocalServerPort int port;
  @Autowired WorkflowClient client;
  @Autowired JsonMapper json;
  @Autowired TemporalWrites writes;

  /** Sends alice's API key (admin) unless a request brings a credential of its own. */
  Http http;

  @BeforeEach
  void httpClient() {
    http = new Http(port, TestKeys.apiKey(TestKeys.ALICE));
  }

  static String incidentId(String service, String alertname) {
    return IncidentKeys.workflowId(service + "/" + alertname);
  }

  /**
   * POSTs {@code count} bodies (0, 1, ...) to Alertmanager's webhook at once, with Alertmanager's
   * credential; answers the responses in the bodies' order.
   */
  List<HttpResponse<String>> alertmanagerAtOnce(int count, IntFunction<String> body) {
    HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<HttpRequest> requests = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/alertmanager"))
              .timeout(Duration.ofSeconds(120))
              .header("Content-Type", "application/json")
              .header(AUTHORIZATION, BEARER)
              .POST(HttpRequest.BodyPublishers.ofString(body.apply(n)))
              .build();
      requests.add(request);
      responses.add(httpClient.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      HttpResponse<String> first = responses.get(n).join();
      HttpRequest request = requests.get(n);
      // A 503 is sent again a second later, as Alertmanager does.
      answers.add(
          first.statusCode() != 503
              ? first
              : retriedWhileUnavailable(
                  () ->
                      httpClient.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join()));
    }
    return answers;
  }

  /** The incident runs named by {@code responses}, each of which must be a 202. */
  Set<String> acceptedRuns(List<HttpResponse<String>> responses) {
    Set<String> runs = new HashSet<>();
    for (HttpResponse<String> response : responses) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      for (JsonNode delivery : json.readTree(response.body()).get("incidents")) {
        runs.add(delivery.get("incidentId").asString() + "/" + delivery.get("runId").asString());
      }
    }
    return runs;
  }

  IncidentWorkflow incident(String workflowId) {
    return client.newWorkflowStub(IncidentWorkflow.class, workflowId);
  }

  IncidentState await(String workflowId, Predicate<IncidentState> condition) {
    IncidentWorkflow incident = incident(workflowId);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    IncidentState last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = incident.state();
        if (condition.test(last)) {
          return last;
        }
      } catch (RuntimeException notYet) {
        // not started yet
      }
      sleep(25);
    }
    return fail(
        "incident %s never matched; last phase %s", workflowId, last == null ? null : last.phase);
  }

  boolean exists(String workflowId) {
    try {
      client
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build());
      return true;
    } catch (io.grpc.StatusRuntimeException e) {
      return false;
    }
  }

  JsonNode problem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    return json.readTree(response.body());
  }

  /** Declares an incident through the API and waits until its diagnosis is done. */
  String declare(String service, String severity) {
    String body =
        "{\"title\":\""
            + service
            + " degraded\",\"service\":\""
            + service
            + "\",\"severity\":\""
            + severity
            + "\"}";
    HttpResponse<String> response =
        retriedWhileUnavailable(() -> http.post("/api/incidents", body));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String id = incidentId(service, "Declared");
    await(id, s -> s.phase == Phase.MITIGATING);
    return id;
  }

  /**
   * Declares a P1 incident, records its impact and resolves it, and waits until it has closed and
   * started its postmortem; answers the incident id.
   */
  String closedWithPostmortem(String service) {
    String id = declare(service, "P1");
    HttpResponse<String> impact =
        http.post(
            "/api/incidents/" + id + "/signals/recordImpact",
            "{\"usersAffected\":120,\"note\":\"from the 5xx logs\"}");
    assertThat(impact.statusCode()).as(impact.body()).isEqualTo(202);
    HttpResponse<String> resolve =
        http.post("/api/incidents/" + id + "/signals/resolve", "{\"note\":\"rolled back\"}");
    assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(202);
    await(id, s -> s.postmortemWorkflowId != null);
    return id;
  }

  /**
   * An Alertmanager delivery of one firing alert for {@code service} and {@code alertname}, with
   * {@code labels} (",\"name\":\"value\"...") and {@code fields} (",\"startsAt\":...") spliced in.
   */
  static String firingAlert(String service, String alertname, String labels, String fields) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
        + "\"labels\":{\"alertname\":\""
        + alertname
        + "\",\"service\":\""
        + service
        + "\""
        + labels
        + "}"
        + fields
        + ",\"fingerprint\":\"f-"
        + alertname
        + "\"}]}";
  }

  /** A stored payload with its alertname changed, so each test has incidents of its own. */
  static String alertmanager(String payload, String alertname) {
    return Http.payload(payload).replace("CheckoutHighErrorRate", alertname);
  }

  /**
   * Sends a request as a client that honours the starter's 503 ("Temporal unavailable; a retry is
   * safe"), as Alertmanager and incidentctl users do: on a loaded machine the in-process Temporal
   * can miss the starter's 3 s call deadline. Up to 10 attempts, a second apart.
   */
  static HttpResponse<String> retriedWhileUnavailable(Supplier<HttpResponse<String>> send) {
    HttpResponse<String> response = send.get();
    for (int attempt = 1; attempt < 10 && response.statusCode() == 503; attempt++) {
      sleep(1_000);
      response = send.get();
    }
    return response;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
