package io.incidentresponse.activities.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.synthetic.Journey;
import io.incidentresponse.workflows.synthetic.JourneyRun;
import io.incidentresponse.workflows.synthetic.JourneyStep;
import io.incidentresponse.workflows.synthetic.StepResult;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A synthetic journey's steps against MockWebServer standing in for the shop. */
class JourneyRunnerTest {
  private static final String PRODUCT =
      "{\"id\":\"sku-42\",\"name\":\"Blue mug\",\"price\":{\"amount\":12.5,\"currency\":\"EUR\"},"
          + "\"stock\":{\"status\":\"IN_STOCK\",\"quantity\":31}}";
  private static final String ORDER = "{\"orderId\":\"o-1001\",\"status\":\"CONFIRMED\"}";

  private final MockWebServer shop = new MockWebServer();
  private final JourneyRunner runner =
      new JourneyRunner(
          new OkHttpClient(), name -> name.equals("SHOP_TOKEN") ? "s3cr3t-token" : null);

  @BeforeEach
  void start() throws Exception {
    shop.start();
  }

  @AfterEach
  void stop() {
    shop.close();
  }

  private JourneyStep product(Duration max) {
    return new JourneyStep(
        "product",
        "GET",
        shop.url("/api/products/sku-42").toString(),
        Map.of("Authorization", "Bearer {{env:SHOP_TOKEN}}"),
        null,
        200,
        null,
        "$.stock.status",
        "IN_STOCK",
        max);
  }

  private JourneyStep order() {
    return new JourneyStep(
        "order",
        "POST",
        shop.url("/api/orders").toString(),
        Map.of(),
        "{\"sku\":\"sku-42\",\"quantity\":1}",
        201,
        "CONFIRMED",
        null,
        null,
        Duration.ofSeconds(2));
  }

  private Journey journey(JourneyStep... steps) {
    return new Journey("purchase", "checkout", Severity.P1, List.of(steps), 2);
  }

  @Test
  void runJourney_givenEveryStepAsExpected_passesAndSendsTheRequestsAsConfigured()
      throws Exception {
    shop.enqueue(new MockResponse.Builder().code(200).body(PRODUCT).build());
    shop.enqueue(new MockResponse.Builder().code(201).body(ORDER).build());

    JourneyRun run = runner.runJourney(journey(product(Duration.ofSeconds(2)), order()));

    assertThat(run.passed()).isTrue();
    assertThat(run.steps()).extracting(StepResult::step).containsExactly("product", "order");
    assertThat(run.steps()).extracting(StepResult::status).containsExactly(200, 201);
    RecordedRequest first = shop.takeRequest();
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer s3cr3t-token");
    RecordedRequest second = shop.takeRequest();
    assertThat(second.getMethod()).isEqualTo("POST");
    assertThat(second.getBody().utf8()).isEqualTo("{\"sku\":\"sku-42\",\"quantity\":1}");
    assertThat(second.getHeaders().get("Content-Type")).startsWith("application/json");
  }

  @Test
  void
      runJourney_runTwice_opensAFreshConnectionEachTime_soAConnectionTheServerDroppedIsNeverReused()
          throws Exception {
    shop.enqueue(new MockResponse.Builder().code(200).body(PRODUCT).build());
    shop.enqueue(new MockResponse.Builder().code(200).body(PRODUCT).build());

    JourneyRun first = runner.runJourney(journey(product(Duration.ofSeconds(2))));
    JourneyRun second = runner.runJourney(journey(product(Duration.ofSeconds(2))));

    assertThat(first.passed()).isTrue();
    assertThat(second.passed()).isTrue();
    RecordedRequest one = shop.takeRequest(1, TimeUnit.SECONDS);
    RecordedRequest two = shop.takeRequest(1, TimeUnit.SECONDS);
    assertThat(two.getConnectionIndex()).isNotEqualTo(one.getConnectionIndex());
  }

  @Test
  void runJourney_givenA500_failsAtThatStepNamingExpectedAndGotAndRunsNoFurther() {
    shop.enqueue(
        new MockResponse.Builder()
            .code(500)
            .body("{\"error\":\"upstream inventory timeout\"}")
            .build());

    JourneyRun run = runner.runJourney(journey(product(Duration.ofSeconds(2)), order()));

    assertThat(run.passed()).isFalse();
    assertThat(run.steps()).hasSize(1);
    StepResult failed = run.failure();
    assertThat(failed.step()).isEqualTo("product");
    assertThat(failed.expected()).isEqualTo("status 200");
    assertThat(failed.got()).isEqualTo("status 500: {\"error\":\"upstream inventory timeout\"}");
    assertThat(shop.getRequestCount()).isEqualTo(1);
  }

  @Test
  void runJourney_givenWrongJsonValue_failsWithTheValueFound() {
    shop.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(PRODUCT.replace("IN_STOCK", "OUT_OF_STOCK"))
            .build());

    StepResult failed = runner.runJourney(journey(product(Duration.ofSeconds(2)))).failure();

    assertThat(failed.expected()).isEqualTo("$.stock.status = 'IN_STOCK'");
    assertThat(failed.got()).isEqualTo("'OUT_OF_STOCK'");
  }

  @Test
  void runJourney_givenAMaintenancePageInsteadOfJson_failsOnContent() {
    shop.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("<html><body><h1>We'll be back soon</h1></body></html>")
            .build());
    shop.enqueue(new MockResponse.Builder().code(201).body("<html>maintenance</html>").build());

    StepResult json = runner.runJourney(journey(product(Duration.ofSeconds(2)))).failure();
    StepResult text = runner.runJourney(journey(order())).failure();

    assertThat(json.got()).startsWith("a body that is not JSON: <html>");
    assertThat(text.expected()).isEqualTo("a body containing 'CONFIRMED'");
    assertThat(text.got()).isEqualTo("a body without it: <html>maintenance</html>");
  }

  @Test
  void runJourney_givenASlowButCompleteAnswer_failsOnTime() {
    shop.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(PRODUCT)
            .headersDelay(700, TimeUnit.MILLISECONDS)
            .build());

    StepResult failed = runner.runJourney(journey(product(Duration.ofMillis(300)))).failure();

    assertThat(failed.status()).isEqualTo(200);
    assertThat(failed.expected()).isEqualTo("at most 300 ms");
    assertThat(failed.got()).matches("\\d+ ms");
    assertThat(failed.millis()).isGreaterThanOrEqualTo(700);
  }

  @Test
  void runJourney_given429ThenAHang_failsOnEachWithoutRetryingAndCutsTheHangAtItsTimeout() {
    shop.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "120")
            .body("{\"message\":\"rate limited\"}")
            .build());
    shop.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(PRODUCT)
            .headersDelay(60, TimeUnit.SECONDS)
            .build());

    StepResult limited = runner.runJourney(journey(product(Duration.ofMillis(300)))).failure();
    long started = System.nanoTime();
    StepResult hung = runner.runJourney(journey(product(Duration.ofMillis(300)))).failure();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(limited.got()).startsWith("status 429");
    assertThat(hung.status()).isNull();
    assertThat(hung.expected()).isEqualTo("an answer within 300 ms");
    assertThat(hung.got()).isEqualTo("no answer within 2300 ms");
    // cut at max duration + margin (2.3 s), far from the 60 s the server would hang; generous
    // bound for a loaded machine
    assertThat(tookMillis).isLessThan(15_000);
    assertThat(shop.getRequestCount()).isEqualTo(2);
  }

  @Test
  void runJourney_givenAHeaderNamingAnUnsetVariable_failsTheActivityNotTheJourney() {
    JourneyStep step =
        new JourneyStep(
            "product",
            "GET",
            shop.url("/api/products/sku-42").toString(),
            Map.of("Authorization", "Bearer {{env:MISSING_TOKEN}}"),
            null,
            null,
            null,
            null,
            null,
            null);

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> runner.runJourney(journey(step)));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("MISSING_TOKEN").doesNotContain("s3cr3t");
    assertThat(shop.getRequestCount()).isZero();
  }

  @Test
  void runJourney_givenA5000CharacterAnswer_keepsTheFindingShort() {
    shop.enqueue(new MockResponse.Builder().code(503).body("x".repeat(5_000)).build());

    StepResult failed = runner.runJourney(journey(product(Duration.ofSeconds(2)))).failure();

    assertThat(failed.got()).hasSizeLessThanOrEqualTo(JourneyRunner.MAX_GOT + 1);
  }
}
