package io.incidentresponse.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.mitigation.MitigationRouter;
import io.incidentresponse.activities.paging.PagerDutyPagingActivities;
import io.incidentresponse.activities.paging.PagerDutySettings;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the Temporal SDK itself logs when an activity attempt fails, on Temporal's activity test
 * environment (the SDK's own task handler): an expected outcome (not configured, refused by a
 * guardrail, paced) is not a WARN with a stack trace; a real failure still is.
 */
class ExpectedOutcomesLogTest {
  /** The SDK 1.38 logger of failed activity attempts (ActivityTaskExecutors). */
  private static final String SDK_LOGGER =
      "io.temporal.internal.activity.ActivityTaskExecutors$ActivityTaskExecutor";

  private static final IncidentBrief BRIEF = Briefs.CHECKOUT_P1;
  private static final PageRequest ACK =
      new PageRequest(BRIEF, new PageRef("PGR0VU2", null), 0, "alice", "ack");
  private static final ActivityOptions ONE_ATTEMPT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  private final ListAppender<ILoggingEvent> sdkLog = new ListAppender<>();
  private final Logger sdkLogger = (Logger) LoggerFactory.getLogger(SDK_LOGGER);
  private final MockWebServer pagerduty = new MockWebServer();
  private TestActivityEnvironment temporal;
  private Level levelBefore;

  @BeforeEach
  void start() throws Exception {
    levelBefore = sdkLogger.getLevel();
    // DEBUG, so the test also sees that the attempt did fail through the SDK's handler.
    sdkLogger.setLevel(Level.DEBUG);
    sdkLog.start();
    sdkLogger.addAppender(sdkLog);
    pagerduty.start();
    temporal = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    temporal.close();
    pagerduty.close();
    sdkLogger.detachAppender(sdkLog);
    sdkLogger.setLevel(levelBefore);
  }

  private PagingActivities pagerDuty() {
    String base = pagerduty.url("/").toString();
    temporal.registerActivitiesImplementations(
        new PagerDutyPagingActivities(
            new PagerDutySettings("pd-token", "bot@example.com", "R0UT1NG", base, base),
            new OkHttpClient()));
    return temporal.newActivityStub(PagingActivities.class, ONE_ATTEMPT);
  }

  private void answer(int code, String body, String retryAfter) {
    MockResponse.Builder response =
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(body);
    if (retryAfter != null) {
      response.addHeader("Retry-After", retryAfter);
    }
    pagerduty.enqueue(response.build());
  }

  private static ApplicationFailure failureOf(Runnable call) {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, call::run);
    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) failure.getCause();
  }

  private List<ILoggingEvent> at(Level level) {
    return sdkLog.list.stream().filter(e -> e.getLevel() == level).toList();
  }

  private void assertNoWarningButSeenByTheSdk() {
    assertThat(sdkLog.list)
        .as("SDK log lines")
        .allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
    assertThat(at(Level.DEBUG))
        .as("the SDK handled the failed attempt")
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains("Activity failure"));
  }

  @Test
  void notConfigured_isNoWarningAndNoStackTrace() {
    temporal.registerActivitiesImplementations(
        NotConfiguredActivities.of(PagingActivities.class, "paging (PagerDuty)"));
    PagingActivities paging = temporal.newActivityStub(PagingActivities.class, ONE_ATTEMPT);

    ApplicationFailure failure = failureOf(() -> paging.openPage(ACK));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(failure.getOriginalMessage()).isEqualTo("paging (PagerDuty) is not configured");
    assertThat(failure.getCategory()).isEqualTo(ApplicationErrorCategory.BENIGN);
    assertNoWarningButSeenByTheSdk();
    assertThat(at(Level.DEBUG).get(0).getThrowableProxy().getStackTraceElementProxyArray())
        .as("no stack trace, in the log or in the history")
        .isEmpty();
  }

  @Test
  void notConfiguredInsideAnIntegration_isNoWarning() {
    String base = pagerduty.url("/").toString();
    temporal.registerActivitiesImplementations(
        new PagerDutyPagingActivities(
            new PagerDutySettings(null, null, "R0UT1NG", base, base), new OkHttpClient()));
    PagingActivities eventsOnly = temporal.newActivityStub(PagingActivities.class, ONE_ATTEMPT);

    ApplicationFailure failure = failureOf(() -> eventsOnly.acknowledgePage(ACK));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(pagerduty.getRequestCount()).isZero();
    assertNoWarningButSeenByTheSdk();
  }

  @Test
  void guardrailRefusal_isNoWarning() {
    temporal.registerActivitiesImplementations(
        new MitigationRouter(Guardrails.allowing("shop"), Map.of(), List.of()));
    MitigationActivities mitigation =
        temporal.newActivityStub(MitigationActivities.class, ONE_ATTEMPT);
    MitigationRequest scale =
        new MitigationRequest(
            "inc-1",
            "scale-1",
            new ActionProposal(
                ActionType.SCALE, "kube-system", "coredns", Map.of("replicas", "9"), null, "load"),
            "alice",
            false,
            0);

    ApplicationFailure failure = failureOf(() -> mitigation.runMitigation(scale));

    assertThat(failure.getType()).isEqualTo(FailureType.GUARDRAIL.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertNoWarningButSeenByTheSdk();
  }

  @Test
  void pacedCall_isNoWarningAndKeepsTheServersDelay() {
    answer(429, "{\"error\":{\"message\":\"Rate Limit Exceeded\"}}", "7");
    PagingActivities paging = pagerDuty();

    ApplicationFailure failure = failureOf(() -> paging.acknowledgePage(ACK));

    assertThat(failure.getType()).isEqualTo(FailureType.RATE_LIMITED.type());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
    assertNoWarningButSeenByTheSdk();
  }

  @Test
  void unavailable_isStillAWarningWithItsStackTrace() {
    answer(503, "{\"error\":{\"message\":\"Service Unavailable\"}}", null);
    PagingActivities paging = pagerDuty();

    ApplicationFailure failure = failureOf(() -> paging.acknowledgePage(ACK));

    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(at(Level.WARN))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getThrowableProxy().getStackTraceElementProxyArray())
                    .as("a real failure keeps its stack trace")
                    .isNotEmpty());
  }

  @Test
  void invalidCredentials_isStillAWarning() {
    answer(401, "{\"error\":{\"message\":\"Unauthorized\",\"code\":2006}}", null);
    PagingActivities paging = pagerDuty();

    ApplicationFailure failure = failureOf(() -> paging.acknowledgePage(ACK));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(at(Level.WARN)).hasSize(1);
  }
}
