package io.incidentresponse.workflows.postmortem;

import static io.incidentresponse.workflows.postmortem.Postmortems.eventually;
import static io.incidentresponse.workflows.postmortem.Postmortems.resolvedIncident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.postmortem.ReviewReminder.FollowUp;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * After the review the postmortem follows its action items until each is done or dropped: the owner
 * before the due date, the team lead once overdue and weekly after, all on durable timers (the test
 * server skips the weeks), across continue-as-new.
 */
class PostmortemFollowThroughTest {
  /** Friday 27 November 2026, 18:30 in Berlin: the incident was resolved then. */
  private static final Instant START = Instant.parse("2026-11-27T17:30:00Z");

  /** Thursday 10 December 2026. */
  private static final LocalDate DUE_DATE = LocalDate.of(2026, 12, 10);

  /** 09:00 in Berlin two days before the due date: the owner's reminder. */
  private static final Instant OWNER_REMINDER = Instant.parse("2026-12-08T08:00:00Z");

  /** 09:00 in Berlin the morning after the due date: the first overdue notice. */
  private static final Instant OVERDUE = Instant.parse("2026-12-11T08:00:00Z");

  private static final String ACTION = "Alert on pool saturation";

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(PostmortemWorkflowImpl.class)
          .setInitialTime(START)
          .setDoNotStart(true)
          .build();

  private final PostmortemActivities activities =
      mock(PostmortemActivities.class, withSettings().withoutAnnotations());
  private final IncidentHistoryActivities history =
      mock(IncidentHistoryActivities.class, withSettings().withoutAnnotations());
  private TestWorkflowEnvironment env;
  private WorkflowOptions options;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    when(activities.draftPostmortem(any()))
        .thenAnswer(
            call ->
                new PostmortemDocument(
                    "postmortems/"
                        + call.<PostmortemInput>getArgument(0).incident().incidentId
                        + ".md"));
    // No tracker here (a mock's setup() answers null): the items are followed without one.
    worker.registerActivitiesImplementations(
        activities, history, mock(TrackerActivities.class, withSettings().withoutAnnotations()));
    env.start();
    this.env = env;
    this.options = options;
  }

  private PostmortemWorkflow start(String incidentId, Integer continueAsNewAfterEvents) {
    IncidentState incident = resolvedIncident(incidentId, START);
    incident.channel = new ChannelRef("C01", "inc-" + incidentId, "https://slack.example/C01");
    PostmortemSettings settings =
        new PostmortemSettings(
            null,
            null,
            null,
            null,
            "lee",
            null,
            "Europe/Berlin",
            null,
            null,
            continueAsNewAfterEvents);
    return Postmortems.start(
        env.getWorkflowClient(),
        options,
        "postmortem-" + incidentId,
        new PostmortemInput(incident, START.plus(Duration.ofDays(7)), settings, null));
  }

  /** Review held at once with one item assigned to carol, due {@link #DUE_DATE}. */
  private PostmortemWorkflow heldWithOneItem(String incidentId, Integer continueAsNewAfterEvents) {
    PostmortemWorkflow postmortem = start(incidentId, continueAsNewAfterEvents);
    postmortem.addActionItem(ActionItemRequest.of(null, ACTION, "carol", DUE_DATE, null, "alice"));
    postmortem.markReviewHeld(new ReviewHeldRequest("alice", "1 item"));
    eventually(postmortem::status, s -> s.missing().size() == 1 && s.reviewHeldAt() != null);
    return postmortem;
  }

  private void sleepUntil(Instant at) {
    long wait = at.toEpochMilli() - env.currentTimeMillis();
    if (wait > 0) {
      env.sleep(Duration.ofMillis(wait));
    }
  }

  private static ActionItemRequest status(String id, ActionItemStatus status, String reason) {
    return new ActionItemRequest(id, null, null, null, status, "carol", null, null, reason, null);
  }

  private static PostmortemStatus result(PostmortemWorkflow postmortem) {
    return WorkflowStub.fromTyped(postmortem).getResult(PostmortemStatus.class);
  }

  @Test
  void assignedItem_remindsTheOwnerBeforeDue_thenTheLeadWhenOverdue_thenWeekly_untilDone() {
    PostmortemWorkflow postmortem = heldWithOneItem("inc-follow", null);

    sleepUntil(OWNER_REMINDER.minus(Duration.ofHours(1)));
    verify(activities, never()).remindReview(any());

    sleepUntil(OWNER_REMINDER.plus(Duration.ofHours(1)));
    verify(activities, timeout(5_000))
        .remindReview(
            argThat(
                r ->
                    r.followUp() == FollowUp.DUE_SOON
                        && !r.escalation()
                        && r.reviewHeld()
                        && r.recipient().equals("carol")
                        && r.sequence() == 1
                        && r.missing()
                            .equals(List.of("AI-1 due 2026-12-10 (owner carol): " + ACTION))));

    sleepUntil(OVERDUE.minus(Duration.ofHours(1)));
    verify(activities, times(1)).remindReview(any());

    sleepUntil(OVERDUE.plus(Duration.ofHours(1)));
    verify(activities, timeout(5_000))
        .remindReview(
            argThat(
                r ->
                    r.followUp() == FollowUp.OVERDUE
                        && r.escalation()
                        && r.recipient().equals("lee")
                        && r.sequence() == 2
                        && r.missing()
                            .equals(
                                List.of(
                                    "AI-1 overdue since 2026-12-10 (owner carol): " + ACTION))));

    sleepUntil(OVERDUE.plus(Duration.ofDays(7)).minus(Duration.ofHours(1)));
    verify(activities, times(2)).remindReview(any());
    sleepUntil(OVERDUE.plus(Duration.ofDays(7)).plus(Duration.ofHours(1)));
    verify(activities, timeout(5_000))
        .remindReview(argThat(r -> r.followUp() == FollowUp.OVERDUE && r.sequence() == 3));
    assertThat(WorkflowStub.fromTyped(postmortem).describe().getStatus().name())
        .isEqualTo("WORKFLOW_EXECUTION_STATUS_RUNNING");

    postmortem.updateActionItem(status("AI-1", ActionItemStatus.DONE, null));
    PostmortemStatus done = result(postmortem);
    env.sleep(Duration.ofDays(30));

    assertThat(done.complete()).isTrue();
    assertThat(done.missing()).isEmpty();
    assertThat(done.actionItems().get(0).status()).isEqualTo(ActionItemStatus.DONE);
    assertThat(done.events())
        .extracting(PostmortemEvent::event)
        .contains("Postmortem complete: review held and every action item done or dropped");
    verify(activities, times(3)).remindReview(any());
    // The store and the final document show the item done.
    verify(history, atLeastOnce())
        .recordActionItems(argThat(u -> u.items().get(0).status() == ActionItemStatus.DONE));
    verify(activities)
        .draftPostmortem(
            argThat(
                i ->
                    !i.actionItems().isEmpty()
                        && i.actionItems().get(0).status() == ActionItemStatus.DONE));
  }

  @Test
  void changedDueDate_replansTheReminders_andTheOldOverdueNoticeNeverComes() {
    PostmortemWorkflow postmortem = heldWithOneItem("inc-moved", null);
    sleepUntil(OWNER_REMINDER.plus(Duration.ofHours(1)));
    verify(activities, timeout(5_000))
        .remindReview(argThat(r -> r.followUp() == FollowUp.DUE_SOON));

    LocalDate later = DUE_DATE.plusDays(10);
    postmortem.updateActionItem(
        ActionItemRequest.of("AI-1", null, null, later, ActionItemStatus.IN_PROGRESS, "carol"));
    sleepUntil(OVERDUE.plus(Duration.ofDays(1)));
    verify(activities, never()).remindReview(argThat(r -> r.followUp() == FollowUp.OVERDUE));
    verify(activities, times(1)).remindReview(any());

    // The new due date gets its own reminder two days before, at 09:00 in Berlin.
    sleepUntil(Instant.parse("2026-12-18T09:00:00Z"));
    verify(activities, timeout(5_000))
        .remindReview(
            argThat(
                r ->
                    r.followUp() == FollowUp.DUE_SOON
                        && r.missing().get(0).startsWith("AI-1 due 2026-12-20")));
    verify(activities, times(2)).remindReview(any());

    postmortem.updateActionItem(status("AI-1", ActionItemStatus.DONE, null));
    assertThat(result(postmortem).complete()).isTrue();
  }

  @Test
  void dropWithoutReason_isRefusedNamingTheField_andADropWithAReasonCompletes() {
    PostmortemWorkflow postmortem = heldWithOneItem("inc-drop", null);

    assertThatThrownBy(
            () -> postmortem.changeActionItem(status("AI-1", ActionItemStatus.WONT_DO, null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("reason: required to drop an item (status WONT_DO)");
    postmortem.updateActionItem(status("AI-1", ActionItemStatus.WONT_DO, null));
    PostmortemStatus refused =
        eventually(
            postmortem::status,
            s -> s.events().stream().anyMatch(e -> e.event().contains("refused: reason")));
    assertThat(refused.actionItems().get(0).status()).isEqualTo(ActionItemStatus.OPEN);
    assertThatThrownBy(
            () -> postmortem.changeActionItem(status("AI-1", ActionItemStatus.WONT_DO, "  ")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("reason: must not be blank");

    ActionItemResult dropped =
        postmortem.changeActionItem(
            status("AI-1", ActionItemStatus.WONT_DO, "pool replaced by PgBouncer"));
    PostmortemStatus done = result(postmortem);

    assertThat(dropped.accepted()).isTrue();
    assertThat(dropped.item().reason()).isEqualTo("pool replaced by PgBouncer");
    assertThat(done.complete()).isTrue();
    assertThat(done.actionItems().get(0).status()).isEqualTo(ActionItemStatus.WONT_DO);
    verify(activities, never()).remindReview(any());
  }

  @Test
  void kindLinkAndRunbookSection_areValidatedNamingTheField_andKept() {
    PostmortemWorkflow postmortem = start("inc-kinds", null);
    String[][] refusals = {
      {"ftp://tickets.example/42", "link: must be an http(s) URL"},
      {"javascript:alert(1)", "link: must be an http(s) URL"},
      {"https://", "link: must be an http(s) URL"},
      {"not a url", "link: must be an http(s) URL"},
    };
    for (String[] refusal : refusals) {
      assertThatThrownBy(
              () ->
                  postmortem.changeActionItem(
                      new ActionItemRequest(
                          null, ACTION, null, null, null, "alice", null, refusal[0], null, null)))
          .as(refusal[0])
          .isInstanceOf(WorkflowUpdateException.class)
          .cause()
          .hasMessageContaining(refusal[1]);
    }
    assertThatThrownBy(
            () ->
                postmortem.changeActionItem(
                    new ActionItemRequest(
                        null,
                        ACTION,
                        null,
                        null,
                        null,
                        "alice",
                        ActionItemKind.CODE_CHANGE,
                        null,
                        null,
                        "Mitigation")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("runbookSection: only for kind RUNBOOK_UPDATE");

    ActionItemResult added =
        postmortem.changeActionItem(
            new ActionItemRequest(
                null,
                "Runbook: drain the pool before a failover",
                "carol",
                DUE_DATE,
                null,
                "alice",
                ActionItemKind.RUNBOOK_UPDATE,
                "https://github.com/acme/runbook/pull/7",
                null,
                "Mitigation / Database"));

    assertThat(added.accepted()).isTrue();
    assertThat(added.item().id()).isEqualTo("AI-1");
    assertThat(added.item().kind()).isEqualTo(ActionItemKind.RUNBOOK_UPDATE);
    assertThat(added.item().link()).isEqualTo("https://github.com/acme/runbook/pull/7");
    assertThat(added.item().runbookSection()).isEqualTo("Mitigation / Database");
    verify(history, timeout(5_000))
        .recordActionItems(
            argThat(u -> u.items().size() == 1 && u.items().get(0).equals(added.item())));
  }

  @Test
  void notConfiguredChat_doesNotHoldTheFollowThrough_andEachNoticeIsTriedOnce() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "chat (Slack) is not configured", "NOT_CONFIGURED"))
        .when(activities)
        .remindReview(any());
    PostmortemWorkflow postmortem = heldWithOneItem("inc-quiet", null);

    sleepUntil(OVERDUE.plus(Duration.ofHours(1)));

    PostmortemStatus status =
        eventually(
            postmortem::status,
            s -> s.events().stream().anyMatch(e -> e.event().startsWith("Overdue action items")));
    assertThat(status.events())
        .extracting(PostmortemEvent::event)
        .contains(
            "Action items due soon for carol not sent: NOT_CONFIGURED: chat (Slack) is not"
                + " configured",
            "Overdue action items for lee not sent: NOT_CONFIGURED: chat (Slack) is not"
                + " configured");
    verify(activities, times(2)).remindReview(any());
  }

  @Test
  void continueAsNew_keepsTheItemsTheirNoticesAndTheWeeklyTimer() {
    PostmortemWorkflow postmortem = heldWithOneItem("inc-months", 50);
    String firstRun = WorkflowStub.fromTyped(postmortem).getExecution().getRunId();

    // Ten weeks overdue: 11 Dec, then every Monday... every seven days up to 12 Feb.
    sleepUntil(Instant.parse("2027-02-15T12:00:00Z"));

    WorkflowClient client = env.getWorkflowClient();
    PostmortemWorkflow latest =
        client.newWorkflowStub(PostmortemWorkflow.class, "postmortem-inc-months");
    PostmortemStatus status =
        eventually(
            latest::status,
            s -> s.events().stream().anyMatch(e -> e.event().startsWith("Continued as new")));
    String lastRun =
        client.newUntypedWorkflowStub("postmortem-inc-months").describe().getExecution().getRunId();
    assertThat(lastRun).isNotEqualTo(firstRun);
    assertThat(status.actionItems())
        .extracting(ActionItem::id, ActionItem::owner, ActionItem::dueDate)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("AI-1", "carol", DUE_DATE));
    assertThat(status.reviewHeldAt()).isBetween(START, START.plusSeconds(60));
    assertThat(status.document().location()).isEqualTo("postmortems/inc-months.md");

    ArgumentCaptor<ReviewReminder> sent = ArgumentCaptor.forClass(ReviewReminder.class);
    verify(activities, times(11)).remindReview(sent.capture());
    List<ReviewReminder> overdue =
        sent.getAllValues().stream().filter(r -> r.followUp() == FollowUp.OVERDUE).toList();
    // One owner reminder, then ten weekly overdue notices: none lost, none repeated by a new run.
    assertThat(overdue).hasSize(10);
    assertThat(sent.getAllValues())
        .extracting(ReviewReminder::sequence)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

    latest.updateActionItem(status("AI-1", ActionItemStatus.DONE, null));
    PostmortemStatus done =
        client.newUntypedWorkflowStub("postmortem-inc-months").getResult(PostmortemStatus.class);
    assertThat(done.complete()).isTrue();
    assertThat(done.actionItems().get(0).status()).isEqualTo(ActionItemStatus.DONE);
  }
}
