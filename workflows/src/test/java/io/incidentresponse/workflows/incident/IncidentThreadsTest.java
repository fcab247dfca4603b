package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.eventually;
import static io.incidentresponse.workflows.incident.Incidents.hasEvent;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static io.incidentresponse.workflows.incident.Incidents.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * An incident waits in one workflow thread ({@link IncidentContext#ONE_THREAD}): the response time
 * and the update cadence are wake-up times of the lifecycle loop, not coroutines of their own, and
 * what they do runs beside the loop, so neither waits for the other nor for Slack.
 */
class IncidentThreadsTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  private final Activities activities = new Activities();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowOptions options;
  private final List<String> opened = new ArrayList<>();

  @BeforeEach
  void startWorker(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    activities.registerOn(worker);
    env.start();
    this.env = env;
    this.client = env.getWorkflowClient();
    this.options = options;
  }

  @AfterEach
  void loopNeverSpun() {
    Incidents.assertNeverSpun(client, opened);
  }

  private IncidentWorkflow open(String id, String policyFields) {
    opened.add(id);
    return start(
        client,
        options,
        id,
        policy(policyFields),
        alert("ApiGatewayDown", "api-gateway", "priority", "P0"));
  }

  private static Instant at(int minutes) {
    return Incidents.START.plus(Duration.ofMinutes(minutes));
  }

  /**
   * The worker's threads that run {@code workflowId} now: its workflow method and every coroutine
   * (the SDK names them {@code workflow-method-<id>-<run>} and {@code workflow[<id>]-<n>}).
   */
  private static List<String> workflowThreads(String workflowId) {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(
            name ->
                name.startsWith("workflow-method-" + workflowId + "-")
                    || name.startsWith("workflow[" + workflowId + "]-"))
        .toList();
  }

  @Test
  void unacknowledgedP0Waiting_holdsOneWorkflowThreadWithBothTimersArmed() {
    IncidentWorkflow incident = open("inc-one-thread", "");
    IncidentState state =
        await(
            incident,
            s -> s.phase == Phase.MITIGATING && s.channel != null && s.leadershipNotified);
    assertThat(state.acknowledgementDueAt).isNotNull();
    assertThat(state.nextUpdateAt).isNotNull();

    // the opening's calls end within moments; then the incident waits for its deadlines alone
    List<String> threads = eventually(() -> workflowThreads("inc-one-thread"), t -> t.size() == 1);
    assertThat(threads.get(0)).startsWith("workflow-method-inc-one-thread-");

    // and it still keeps both deadlines: the escalation at 15 minutes, the update at 30
    env.sleep(Duration.ofMinutes(31));
    verify(activities.paging, timeout(10_000)).escalatePage(argThat(r -> r.level() == 1));
    verify(activities.chat, timeout(10_000)).postUpdate(argThat(u -> u.sequence() == 1));
    assertThat(eventually(() -> workflowThreads("inc-one-thread"), t -> t.size() == 1)).hasSize(1);
  }

  @Test
  void updatePostRetriedAgainstSlack_escalationStillFiresAtItsDeadlineAndTheNextUpdateOnTime() {
    AtomicInteger attempts = new AtomicInteger();
    doAnswer(
            call -> {
              if (call.<IncidentUpdate>getArgument(0).sequence() == 1) {
                // every attempt of the first update: Slack is rate limiting, and slow to say so
                attempts.incrementAndGet();
                Thread.sleep(200);
                throw ApplicationFailure.newFailure("Slack answered 429 ratelimited", "Slack429");
              }
              return null;
            })
        .when(activities.chat)
        .postUpdate(any());
    IncidentWorkflow incident = open("inc-slow-slack", "\"updateCadence\":{\"P0\":\"PT10M\"}");
    await(incident, s -> s.phase == Phase.MITIGATING);

    // the first update is due at 10 minutes and is retried against Slack for its 10 minutes
    env.sleep(Duration.ofMinutes(10).plusSeconds(5));
    eventually(attempts::get, n -> n >= 1);
    // the response time passes at 15 minutes while that call is still in flight
    env.sleep(Duration.ofMinutes(6));

    verify(activities.paging, timeout(10_000)).escalatePage(argThat(r -> r.level() == 1));
    IncidentState state = await(incident, s -> s.escalationLevel == 1);
    assertThat(hasEvent(state, "No acknowledgement within 15m (P0)")).isTrue();
    assertThat(state.escalationArmedAt).isBetween(at(15), at(15).plusSeconds(10));
    assertThat(attempts.get()).isGreaterThan(1);
    assertThat(hasEvent(state, "Internal update #1")).isFalse();

    // the first update gives up at 20 minutes, said on the timeline; the second follows at once
    // (its time came while the first was still trying) and the cadence goes on from there
    env.sleep(Duration.ofMinutes(5));
    state = await(incident, s -> hasEvent(s, "Internal update #2 posted"));
    assertThat(hasEvent(state, "Internal update #1 failed")).isTrue();
    ArgumentCaptor<IncidentUpdate> updates = ArgumentCaptor.forClass(IncidentUpdate.class);
    verify(activities.chat, timeout(10_000).atLeast(2)).postUpdate(updates.capture());
    IncidentUpdate second =
        updates.getAllValues().stream().filter(u -> u.sequence() == 2).findFirst().orElseThrow();
    assertThat(second.nextUpdateAt()).isBetween(at(30), at(30).plusSeconds(30));
  }
}
