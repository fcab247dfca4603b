package io.incidentresponse.workflows.postmortem;

import static io.incidentresponse.workflows.StoredHistories.read;
import static io.incidentresponse.workflows.StoredHistories.write;
import static io.incidentresponse.workflows.postmortem.Postmortems.RESOLVED;
import static io.incidentresponse.workflows.postmortem.Postmortems.resolvedIncident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.tracker.TicketState;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.incidentresponse.workflows.tracker.TrackerSetup;
import io.incidentresponse.workflows.tracker.TrackerTicket;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays stored postmortem histories against the current code: postmortems run for weeks, so a
 * change that breaks a running one fails here. The {@code -v0} histories were recorded from the
 * code before review scheduling (commit 5126b80 holds the recording test of that code); they must
 * replay on the {@code review-scheduling} DEFAULT_VERSION path. The {@code -v1} ones are recorded
 * from the current code with {@code ./mvnw -pl workflows test -Dtest=PostmortemWorkflowReplayTest
 * -DrecordHistories=true}, which writes only files that do not exist yet (the {@code -v2} and
 * {@code -v3} ones likewise, after the follow-through and the issue tracker).
 */
class PostmortemWorkflowReplayTest {
  // Each file is named after its workflow id.
  /** v0: drafted, review held on day 2, completed. */
  private static final String HELD_IN_TIME_V0 = "postmortem-held-in-time-v0";

  /** v0: drafted, overdue on day 7, team lead reminded (RemindOverdueReview), held on day 8. */
  private static final String OVERDUE_REMINDED_V0 = "postmortem-overdue-reminded-v0";

  /** v1: invited, items added and changed, reminded twice, escalated, held, items assigned. */
  private static final String CHASED_TO_COMPLETION_V1 = "postmortem-chased-to-completion-v1";

  /**
   * v2 (follow-through): held with two items assigned, the owner reminded before the due date, the
   * lead told once overdue, one item dropped with a reason, the other done.
   */
  private static final String FOLLOWED_TO_DONE_V2 = "postmortem-followed-to-done-v2";

  /**
   * v3 (issue tracker): held with one item, its ticket opened and linked, read back daily, closed
   * in the tracker as not planned, which drops the item.
   */
  private static final String TICKET_CLOSED_V3 = "postmortem-ticket-closed-v3";

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(PostmortemWorkflowImpl.class)
          .setInitialTime(RESOLVED)
          .setDoNotStart(true)
          .build();

  private final PostmortemActivities activities =
      mock(PostmortemActivities.class, withSettings().withoutAnnotations());
  private final IncidentHistoryActivities history =
      mock(IncidentHistoryActivities.class, withSettings().withoutAnnotations());

  /** No tracker (setup() answers null) unless a scenario says otherwise. */
  private final TrackerActivities tracker =
      mock(TrackerActivities.class, withSettings().withoutAnnotations());

  @ParameterizedTest
  @ValueSource(
      strings = {
        HELD_IN_TIME_V0,
        OVERDUE_REMINDED_V0,
        CHASED_TO_COMPLETION_V1,
        FOLLOWED_TO_DONE_V2,
        TICKET_CLOSED_V3
      })
  void storedHistory_replaysWithTheCurrentCode(String workflowId) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(read(workflowId), workflowId),
        PostmortemWorkflowImpl.class);
  }

  @Test
  void oldHistory_replaysOnTheOldPath_soAChangedOldPathFailsAsNonDeterministic() throws Exception {
    String json = read(OVERDUE_REMINDED_V0);
    // As if the old course had sent the new reminder: the old path must call exactly what it did.
    String altered = json.replace("\"RemindOverdueReview\"", "\"RemindReview\"");
    assertThat(altered).isNotEqualTo(json);

    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    WorkflowExecutionHistory.fromJson(altered, OVERDUE_REMINDED_V0),
                    PostmortemWorkflowImpl.class))
        .hasMessageContaining(NonDeterministicException.class.getName())
        .hasMessageContaining("RemindReview");
  }

  @Test
  void newHistoryWithoutItsVersionMarker_failsAsNonDeterministic() throws Exception {
    // Without its marker the history reads as an old postmortem that then invited to a review.
    assertFailsAsNonDeterministicWithout(
        CHASED_TO_COMPLETION_V1, "review-scheduling", "some-other-change");
  }

  @Test
  void trackerHistoryWithoutItsVersionMarker_failsAsNonDeterministic() throws Exception {
    // Without its marker the run reads as one that never asked for a tracker, yet opened a ticket.
    assertFailsAsNonDeterministicWithout(
        TICKET_CLOSED_V3, "action-item-tracker", "some-other-change-x");
  }

  /** The stored history with its {@code changeId} marker renamed must not replay. */
  private static void assertFailsAsNonDeterministicWithout(
      String workflowId, String changeId, String sameLengthId) throws Exception {
    String json = read(workflowId);
    String altered = json.replace(payload(changeId), payload(sameLengthId));
    assertThat(altered).isNotEqualTo(json);

    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    WorkflowExecutionHistory.fromJson(altered, workflowId),
                    PostmortemWorkflowImpl.class))
        .hasMessageContaining(NonDeterministicException.class.getName());
  }

  @Test
  void freshHistory_replaysWithTheCurrentCode(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    WorkflowClient client = startWorker(env, worker);

    WorkflowExecutionHistory fresh = chasedToCompletion(env, client, options, "postmortem-fresh");

    WorkflowReplayer.replayWorkflowExecution(fresh, PostmortemWorkflowImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordHistories(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    WorkflowClient client = startWorker(env, worker);
    write(
        CHASED_TO_COMPLETION_V1, chasedToCompletion(env, client, options, CHASED_TO_COMPLETION_V1));
    write(FOLLOWED_TO_DONE_V2, followedToDone(env, client, options, FOLLOWED_TO_DONE_V2));
    write(TICKET_CLOSED_V3, ticketClosed(env, client, options, TICKET_CLOSED_V3));
  }

  @Test
  void freshTrackerHistory_replaysWithTheCurrentCode(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    WorkflowClient client = startWorker(env, worker);

    WorkflowExecutionHistory fresh = ticketClosed(env, client, options, "postmortem-ticketed");

    WorkflowReplayer.replayWorkflowExecution(fresh, PostmortemWorkflowImpl.class);
  }

  private WorkflowExecutionHistory ticketClosed(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options, String id) {
    TrackerTicket ticket = new TrackerTicket("42", "https://github.com/acme/shop/issues/42");
    AtomicReference<TicketState> state = new AtomicReference<>(TicketState.open(ticket));
    when(tracker.setup()).thenReturn(new TrackerSetup("GitHub acme/shop", Duration.ofDays(1)));
    when(tracker.openTicket(any())).thenReturn(ticket);
    when(tracker.readTicket(any())).thenAnswer(call -> state.get());
    PostmortemWorkflow postmortem =
        Postmortems.start(
            client,
            options,
            id,
            new PostmortemInput(
                resolvedIncident("inc-ticketed", RESOLVED),
                RESOLVED.plus(Duration.ofDays(7)),
                new PostmortemSettings(
                    null, null, null, null, "lee", null, "UTC", null, null, null),
                null));
    postmortem.addActionItem(
        ActionItemRequest.of(
            null, "Alert on pool saturation", "carol", LocalDate.of(2026, 12, 10), null, "alice"));
    postmortem.markReviewHeld(new ReviewHeldRequest("alice", "1 item"));
    env.sleep(Duration.ofDays(2).plusHours(1));
    verify(tracker, timeout(5_000).atLeast(2)).readTicket(ticket);
    state.set(new TicketState(ticket, ActionItemStatus.WONT_DO, "closed as not planned"));
    PostmortemStatus done = WorkflowStub.fromTyped(postmortem).getResult(PostmortemStatus.class);
    assertThat(done.actionItems().get(0).status()).isEqualTo(ActionItemStatus.WONT_DO);
    assertThat(done.actionItems().get(0).link()).isEqualTo(ticket.url());
    return client.fetchHistory(id);
  }

  @Test
  void freshFollowThroughHistory_replaysWithTheCurrentCode(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    WorkflowClient client = startWorker(env, worker);

    WorkflowExecutionHistory fresh = followedToDone(env, client, options, "postmortem-followed");

    WorkflowReplayer.replayWorkflowExecution(fresh, PostmortemWorkflowImpl.class);
  }

  private WorkflowExecutionHistory followedToDone(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options, String id) {
    PostmortemWorkflow postmortem =
        Postmortems.start(
            client,
            options,
            id,
            new PostmortemInput(
                resolvedIncident("inc-followed", RESOLVED),
                RESOLVED.plus(Duration.ofDays(7)),
                new PostmortemSettings(
                    null, null, null, null, "lee", null, "UTC", null, null, null),
                null));
    LocalDate due = LocalDate.of(2026, 12, 3);
    postmortem.addActionItem(
        new ActionItemRequest(
            null,
            "Alert on pool saturation",
            "carol",
            due,
            null,
            "alice",
            ActionItemKind.MONITORING,
            "https://tickets.example/OPS-1",
            null,
            null));
    postmortem.addActionItem(
        ActionItemRequest.of(null, "Load test checkout", "bob", due, null, "alice"));
    postmortem.markReviewHeld(new ReviewHeldRequest("alice", "2 items"));
    env.sleep(Duration.ofDays(8));
    // At least once: when recorded after another postmortem the clock is a week further on.
    verify(activities, timeout(5_000).atLeastOnce())
        .remindReview(argThat(r -> r.followUp() == ReviewReminder.FollowUp.OVERDUE));
    postmortem.changeActionItem(
        new ActionItemRequest(
            "AI-2",
            null,
            null,
            null,
            ActionItemStatus.WONT_DO,
            "bob",
            null,
            null,
            "covered by the load test suite",
            null));
    postmortem.updateActionItem(
        ActionItemRequest.of("AI-1", null, null, null, ActionItemStatus.DONE, "carol"));
    PostmortemStatus done = WorkflowStub.fromTyped(postmortem).getResult(PostmortemStatus.class);
    assertThat(done.complete()).isTrue();
    return client.fetchHistory(id);
  }

  private WorkflowExecutionHistory chasedToCompletion(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options, String id) {
    PostmortemWorkflow postmortem =
        Postmortems.start(
            client,
            options,
            id,
            new PostmortemInput(
                resolvedIncident("inc-chased", RESOLVED),
                RESOLVED.plus(Duration.ofDays(7)),
                new PostmortemSettings(
                    null, null, null, null, "lee", null, "Europe/Berlin", null, null, null),
                null));
    env.sleep(Duration.ofDays(1));
    postmortem.addActionItem(
        new ActionItemRequest(
            null, "Alert on pool saturation", null, null, null, "alice", null, null, null, null));
    postmortem.changeActionItem(
        new ActionItemRequest("AI-1", null, "carol", null, null, "carol", null, null, null, null));
    env.sleep(Duration.ofDays(7).plusHours(1));
    verify(activities, timeout(5_000)).remindReview(argThat(ReviewReminder::escalation));
    postmortem.markReviewHeld(new ReviewHeldRequest("alice", "held late"));
    postmortem.updateActionItem(
        new ActionItemRequest(
            "AI-1", null, null, LocalDate.of(2026, 12, 10), null, "carol", null, null, null, null));
    // Recorded before the follow-through, which now keeps the postmortem until the item is done.
    postmortem.updateActionItem(
        ActionItemRequest.of("AI-1", null, null, null, ActionItemStatus.DONE, "carol"));
    PostmortemStatus done = WorkflowStub.fromTyped(postmortem).getResult(PostmortemStatus.class);
    assertThat(done.complete()).isTrue();
    return client.fetchHistory(id);
  }

  private WorkflowClient startWorker(TestWorkflowEnvironment env, Worker worker) {
    when(activities.draftPostmortem(any()))
        .thenAnswer(
            call ->
                new PostmortemDocument(
                    "postmortems/"
                        + call.<PostmortemInput>getArgument(0).incident().incidentId
                        + ".md"));
    worker.registerActivitiesImplementations(activities, history, tracker);
    env.start();
    return env.getWorkflowClient();
  }

  /**
   * How a string sits in a history file: JSON, then base64; without the padding, which the file
   * escapes ({@code \u003d}). Each id and its replacement have the same length, hence padding.
   */
  private static String payload(String text) {
    return Base64.getEncoder()
        .withoutPadding()
        .encodeToString(("\"" + text + "\"").getBytes(StandardCharsets.UTF_8));
  }
}
