package io.incidentresponse.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.incidentresponse.activities.slack.RecordingSlack.Fault;
import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Channel opening as the incident workflow runs it: {@link ChatActivities#CHANNEL_OPTIONS} on
 * Temporal's test server in real time (real heartbeats, retries and retry delays), against {@link
 * RecordingSlack} behind MockWebServer.
 */
class IncidentChannelOpeningTest {
  private static final String QUEUE = "slack-channels";
  private static final String CREATE = IncidentChannelOpener.CREATE;

  /** The incident workflow's call, alone. */
  @WorkflowInterface
  public interface OpenChannelWorkflow {
    @WorkflowMethod
    ChannelRef open(IncidentBrief brief);
  }

  public static class OpenChannelWorkflowImpl implements OpenChannelWorkflow {
    private final ChatActivities chat =
        Workflow.newActivityStub(ChatActivities.class, ChatActivities.CHANNEL_OPTIONS);

    @Override
    public ChannelRef open(IncidentBrief brief) {
      return chat.openIncidentChannel(brief);
    }
  }

  private final RecordingSlack slack = new RecordingSlack();
  private final MockWebServer server = new MockWebServer();
  private TestWorkflowEnvironment temporal;
  private SlackChatActivities activities;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(slack);
    server.start();
  }

  /** A worker whose Slack client gives up on a call after {@code callTimeout}. */
  private void worker(int perMinute, Duration callTimeout) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(server.url("/api/").toString());
    config.setStatsEnabled(false); // else auth.test runs before every call
    config.setHttpClientCallTimeoutMillis((int) callTimeout.toMillis());
    activities =
        new SlackChatActivities(
            new SlackSettings(
                "xoxb-test", null, null, List.of("U1"), null, null, perMinute, false, null, null),
            Slack.getInstance(config));
    temporal =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = temporal.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(OpenChannelWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    temporal.start();
  }

  @AfterEach
  void stop() {
    if (temporal != null) {
      temporal.close();
    }
    server.close();
  }

  private static IncidentBrief brief(int n, Severity severity) {
    String id = "incident-checkout-" + n;
    return new IncidentBrief(
        id,
        "Checkout 5xx above 5% (" + n + ")",
        "checkout",
        "shop",
        severity,
        Impact.HIGH,
        Phase.TRIGGERED,
        String.format("incident-2026-11-29-1433-checkout-%06x", n),
        null,
        null,
        Instant.parse("2026-11-29T14:33:00Z"));
  }

  private OpenChannelWorkflow begin(IncidentBrief brief) {
    OpenChannelWorkflow workflow =
        temporal
            .getWorkflowClient()
            .newWorkflowStub(
                OpenChannelWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(QUEUE)
                    .setWorkflowId(brief.incidentId())
                    .build());
    WorkflowClient.start(workflow::open, brief);
    return workflow;
  }

  private static ChannelRef result(OpenChannelWorkflow workflow) throws Exception {
    return WorkflowStub.fromTyped(workflow).getResult(2, TimeUnit.MINUTES, ChannelRef.class);
  }

  /** The attempt that completed the activity (1 when no attempt failed). */
  private int attempts(String workflowId) {
    return temporal.getWorkflowClient().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .map(HistoryEvent::getActivityTaskStartedEventAttributes)
        .mapToInt(a -> a.getAttempt())
        .max()
        .orElseThrow();
  }

  private static void waitUntil(String what, Duration within, BooleanSupplier done)
      throws InterruptedException {
    long until = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - until > 0) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void storm_of40_isPacedNotFailed_eachChannelCreatedOnce_mostSevereFirst() throws Exception {
    storm(40, 600, 3);
  }

  /**
   * {@code incidents} open at once; Slack answers the first create 429 with {@code retryAfter}
   * seconds, so the whole storm queues for the pace before anything is created.
   */
  private void storm(int incidents, int perMinute, int retryAfter) throws Exception {
    worker(perMinute, Duration.ofSeconds(5));
    slack.retryAfter(retryAfter).fail(CREATE, Fault.RATE_LIMITED);
    Severity[] severities = Severity.values();
    List<IncidentBrief> briefs = new ArrayList<>();
    for (int n = 0; n < incidents; n++) {
      briefs.add(brief(n, severities[(severities.length - 1 - n % severities.length)]));
    }
    long stormStart = System.nanoTime();

    List<OpenChannelWorkflow> workflows = new ArrayList<>();
    workflows.add(begin(briefs.get(0)));
    waitUntil("the 429", Duration.ofSeconds(10), () -> slack.calls(CREATE).size() == 1);
    for (IncidentBrief brief : briefs.subList(1, briefs.size())) {
      workflows.add(begin(brief));
    }
    SlackPacer creates = activities.channels().pacer(CREATE);
    waitUntil(
        "all waiting for the pace before Slack's Retry-After ends",
        Duration.ofMillis(retryAfter * 1000L - 500),
        () -> creates.waiting() == incidents);
    List<ChannelRef> channels = new ArrayList<>();
    for (OpenChannelWorkflow workflow : workflows) {
      channels.add(result(workflow));
    }
    double stormSeconds = (System.nanoTime() - stormStart) / 1e9;

    List<RecordingSlack.Channel> created = slack.created();
    assertThat(created).hasSize(incidents);
    assertThat(created.stream().map(c -> c.name).distinct()).hasSize(incidents);
    assertThat(slack.calls(CREATE)).as("one 429, then one create each").hasSize(incidents + 1);
    assertThat(slack.calls(IncidentChannelOpener.LIST)).as("no name was taken").isEmpty();
    for (int n = 0; n < incidents; n++) {
      assertThat(channels.get(n).name()).isEqualTo(briefs.get(n).channelName());
      assertThat(attempts(briefs.get(n).incidentId())).as("no attempt failed").isEqualTo(1);
    }
    Map<String, Severity> severityOf =
        briefs.stream()
            .collect(Collectors.toMap(IncidentBrief::channelName, IncidentBrief::severity));
    List<Severity> order = created.stream().map(c -> severityOf.get(c.name)).toList();
    assertThat(order).as("P0, then P1, then P2, then P3").isSorted();
    assertThat(slack.channel(channels.get(0).id()).purpose)
        .endsWith("(incident-id: incident-checkout-0)");

    List<Long> at = slack.calls(CREATE).stream().skip(1).map(RecordingSlack.Call::atNanos).toList();
    double achieved = (incidents - 1) / ((at.get(incidents - 1) - at.get(0)) / 1e9) * 60;
    System.out.println( // the measured numbers, in the test's output file
        String.format(
            "storm of %d: last channel after %.2f s (%d s of it Slack's Retry-After); creates at"
                + " %.1f/min for a pace of %d/min",
            incidents, stormSeconds, retryAfter, achieved, perMinute));
    assertThat(achieved).as("never faster than the pace").isLessThanOrEqualTo(perMinute * 1.02);
    long pauseEnds = slack.calls(CREATE).get(0).atNanos() + TimeUnit.SECONDS.toNanos(retryAfter);
    assertThat(at.get(0)).as("nobody created during Slack's Retry-After").isGreaterThan(pauseEnds);
  }

  @Test
  void slackAnswering429Then500ThenHanging_endsInOneChannelWithinBounds() throws Exception {
    worker(600, Duration.ofSeconds(1));
    slack
        .retryAfter(1)
        .fail(CREATE, Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.CREATED_THEN_HANGS);
    IncidentBrief brief = brief(7, Severity.P1);
    long start = System.nanoTime();

    ChannelRef channel = result(begin(brief));

    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.println(
        String.format(
            "429, 500, hang: channel after %.2f s; Slack saw %s",
            seconds,
            slack.calls().stream()
                .map(c -> String.format("%.2f %s", (c.atNanos() - start) / 1e9, c.method()))
                .toList()));
    assertThat(seconds).as("well within the activity's timeouts").isLessThan(60);
    assertThat(slack.created()).as("never two").hasSize(1);
    assertThat(channel.id()).isEqualTo(slack.created().get(0).id);
    assertThat(channel.name()).isEqualTo(brief.channelName());
    assertThat(slack.calls(CREATE).stream().map(c -> c.form().get("name")))
        .as("429, 500, hang, then name_taken: no -2")
        .containsOnly(brief.channelName());
    assertThat(slack.channel(channel.id()).purpose).endsWith("(incident-id: incident-checkout-7)");
    assertThat(slack.channel(channel.id()).topic)
        .isEqualTo("P1 | checkout | commander: unassigned");
    assertThat(attempts(brief.incidentId()))
        .as("the 429 waited inside attempt 1; the 500 and the hang each cost an attempt")
        .isEqualTo(3);
  }

  @Test
  void createAnsweredButTheAnswerLost_adoptsThatChannelInsteadOfMakingASecond() throws Exception {
    worker(600, Duration.ofSeconds(5));
    slack.pageSize(2);
    slack.existing("general", "U0HUMAN", "Company-wide");
    slack.existing("random", "U0HUMAN", "");
    slack.existing("incident-older", RecordingSlack.BOT, "P2 incident: x (incident-id: old)");
    slack.fail(CREATE, Fault.CREATED_THEN_DISCONNECTED);
    IncidentBrief brief = brief(9, Severity.P0);

    ChannelRef channel = result(begin(brief));

    assertThat(slack.created()).as("the lost create is the only one").hasSize(1);
    assertThat(channel.id()).isEqualTo(slack.created().get(0).id);
    assertThat(slack.calls(CREATE).stream().map(c -> c.form().get("name")))
        .containsOnly(brief.channelName());
    assertThat(slack.calls(IncidentChannelOpener.LIST)).as("paged lookup").hasSizeGreaterThan(1);
    assertThat(slack.channel(channel.id()).purpose).endsWith("(incident-id: incident-checkout-9)");
    assertThat(slack.calls(IncidentChannelOpener.INVITE)).hasSize(1);
  }
}
