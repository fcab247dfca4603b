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
import io.incidentresponse.workflows.incident.Role;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

class PostmortemWorkflowTest {
  /** Friday 27 November 2026, 18:30 in Berlin: the incident was resolved then. */
  private static final Instant START = Instant.parse("2026-11-27T17:30:00Z");

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final LocalDate DUE_DATE = LocalDate.of(2026, 12, 10);

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

  private PostmortemWorkflow start(String incidentId, PostmortemSettings settings) {
    IncidentState incident = resolvedIncident(incidentId, START);
    incident.channel = new ChannelRef("C01", "inc-" + incidentId, "https://slack.example/C01");
    return start(
        incidentId, new PostmortemInput(incident, START.plus(Duration.ofDays(7)), settings, null));
  }

  private PostmortemWorkflow start(String incidentId, PostmortemInput input) {
    return Postmortems.start(env.getWorkflowClient(), options, "postmortem-" + incidentId, input);
  }

  private static PostmortemSettings withTeamLead() {
    return new PostmortemSettings(
        null, null, null, null, "lee", null, "Europe/Berlin", null, null, null);
  }

  private static Instant day(int days) {
    return START.plus(Duration.ofDays(days));
  }

  private static PostmortemStatus result(PostmortemWorkflow postmortem) {
    return WorkflowStub.fromTyped(postmortem).getResult(PostmortemStatus.class);
  }

  private static ActionItemRequest add(String action, String owner, LocalDate due, String by) {
    return new ActionItemRequest(null, action, owner, due, null, by, null, null, null, null);
  }

  /** Marks the item done: after the review a postmortem follows its items until they are. */
  private static ActionItemRequest done(String id, String by) {
    return ActionItemRequest.of(id, null, null, null, ActionItemStatus.DONE, by);
  }

  private static ActionItemRequest update(String id, String owner, LocalDate due, String by) {
    return new ActionItemRequest(id, null, owner, due, null, by, null, null, null, null);
  }

  @Test
  void reminders_fireAtDay3AndDay6_andTheEscalationAtDay8_thenNothingAfterTheReviewIsHeld() {
    PostmortemWorkflow postmortem = start("inc-chase", withTeamLead());

    env.sleep(Duration.ofDays(3).minusHours(1));
    verify(activities, never()).remindReview(any());

    env.sleep(Duration.ofHours(2));
    verify(activities, timeout(5_000))
        .remindReview(
            argThat(
                r ->
                    r.sequence() == 1
                        && !r.escalation()
                        && !r.reviewHeld()
                        && r.recipient().equals("alice")
                        && r.channelId().equals("C01")
                        && r.documentLocation().equals("postmortems/inc-chase.md")
                        && r.missing()
                            .equals(List.of("Review not held (due 2026-12-04T17:30:00Z)"))));

    env.sleep(Duration.ofDays(3).minusHours(2));
    verify(activities, times(1)).remindReview(any());

    env.sleep(Duration.ofHours(2));
    verify(activities, timeout(5_000))
        .remindReview(argThat(r -> r.sequence() == 2 && !r.escalation()));

    env.sleep(Duration.ofDays(2).minusHours(2));
    verify(activities, never()).remindReview(argThat(ReviewReminder::escalation));

    env.sleep(Duration.ofHours(2));
    verify(activities, timeout(5_000))
        .remindReview(
            argThat(r -> r.sequence() == 3 && r.escalation() && r.recipient().equals("lee")));

    PostmortemStatus escalated = eventually(postmortem::status, s -> s.escalatedAt() != null);
    assertThat(escalated.remindersSentAt()).hasSize(2);
    assertThat(escalated.remindersSentAt().get(0)).isBetween(day(3), day(3).plusSeconds(60));
    assertThat(escalated.remindersSentAt().get(1)).isBetween(day(6), day(6).plusSeconds(60));
    assertThat(escalated.escalatedAt()).isBetween(day(8), day(8).plusSeconds(60));
    assertThat(escalated.overdueReminderSent()).isTrue();

    postmortem.markReviewHeld(new ReviewHeldRequest("alice", "late, but held"));
    PostmortemStatus done = result(postmortem);
    env.sleep(Duration.ofDays(10));

    assertThat(done.reviewHeldAt()).isAfter(day(8));
    assertThat(done.missing()).isEmpty();
    assertThat(done.complete()).isTrue();
    verify(activities, times(3)).remindReview(any());
    verify(activities, never()).remindOverdueReview(any());
  }

  @Test
  void reviewHeldWithItemsAssigned_beforeDay3_completesAndNothingIsEverSent() {
    PostmortemWorkflow postmortem = start("inc-quick", withTeamLead());

    env.sleep(Duration.ofDays(2));
    postmortem.addActionItem(add("Alert on pool saturation", "carol", DUE_DATE, "alice"));
    postmortem.markReviewHeld(new ReviewHeldRequest("alice", "1 action item agreed"));
    postmortem.updateActionItem(done("AI-1", "carol"));
    PostmortemStatus done = result(postmortem);
    env.sleep(Duration.ofDays(10));

    assertThat(done.complete()).isTrue();
    assertThat(done.remindersSentAt()).isEmpty();
    assertThat(done.escalatedAt()).isNull();
    verify(activities, never()).remindReview(any());
    // Drafted at the start, then again with the agreed item when the review was held (and when it
    // was done, unless both changes came before the held draft).
    verify(activities, atLeastOnce())
        .draftPostmortem(
            argThat(
                i ->
                    i.actionItems().size() == 1
                        && i.actionItems().get(0).owner().equals("carol")
                        && i.settings().zone().equals("Europe/Berlin")));
  }

  @Test
  void reviewHeldWithUnassignedItems_remindsAboutTheItems_andCompletesOnceAssigned() {
    PostmortemWorkflow postmortem = start("inc-items", withTeamLead());

    env.sleep(Duration.ofDays(2));
    postmortem.addActionItem(add("Alert on pool saturation", null, null, "alice"));
    postmortem.addActionItem(add("Load test checkout", "bob", null, "alice"));
    postmortem.markReviewHeld(new ReviewHeldRequest("alice", "owners to be found"));

    env.sleep(Duration.ofDays(1).plusHours(1));
    verify(activities, timeout(5_000))
        .remindReview(
            argThat(
                r ->
                    r.sequence() == 1
                        && r.reviewHeld()
                        && r.missing()
                            .equals(
                                List.of(
                                    "AI-1 has no owner and no due date", "AI-2 has no due date"))));
    assertThat(postmortem.status().complete()).isFalse();

    postmortem.updateActionItem(update("AI-1", "carol", DUE_DATE, "carol"));
    postmortem.updateActionItem(update("AI-2", null, DUE_DATE, "bob"));
    postmortem.updateActionItem(done("AI-1", "carol"));
    postmortem.updateActionItem(done("AI-2", "bob"));
    PostmortemStatus done = result(postmortem);
    env.sleep(Duration.ofDays(10));

    assertThat(done.actionItems())
        .extracting(ActionItem::id, ActionItem::owner, ActionItem::dueDate)
        .containsExactly(
            Tuple.tuple("AI-1", "carol", DUE_DATE), Tuple.tuple("AI-2", "bob", DUE_DATE));
    assertThat(done.missing()).isEmpty();
    verify(activities, times(1)).remindReview(any());
    // The last draft carries the settled items (one draft or two: the assignments and the
    // completions may reach the workflow in one task or in two).
    ArgumentCaptor<PostmortemInput> drafts = ArgumentCaptor.forClass(PostmortemInput.class);
    verify(activities, atLeastOnce()).draftPostmortem(drafts.capture());
    assertThat(drafts.getValue().actionItems())
        .hasSize(2)
        .allMatch(ActionItem::isAssigned)
        .allMatch(item -> item.status() == ActionItemStatus.DONE);
  }

  @Test
  void reviewSlot_forAFridayEveningResolution_isTheLastBusinessDayAt10InTheZone() {
    IncidentState incident = resolvedIncident("inc-friday", START);
    incident.roles.put(Role.SCRIBE, "erin");
    // Due on Sunday 6 December: the weekend is skipped.
    start(
        "inc-friday",
        new PostmortemInput(incident, START.plus(Duration.ofDays(9)), withTeamLead(), null));

    ArgumentCaptor<ReviewInvitation> invitation = ArgumentCaptor.forClass(ReviewInvitation.class);
    verify(activities, timeout(5_000)).scheduleReview(invitation.capture());

    ZonedDateTime startsAt = invitation.getValue().startsAt().atZone(BERLIN);
    assertThat(startsAt.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
    assertThat(startsAt.toLocalTime()).isEqualTo(LocalTime.of(10, 0));
    assertThat(invitation.getValue().startsAt()).isEqualTo(Instant.parse("2026-12-04T09:00:00Z"));
    assertThat(invitation.getValue().endsAt()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    assertThat(invitation.getValue().facilitator()).isEqualTo("alice");
    // Commander, scribe, acknowledger and approver; "policy" is nobody to invite.
    assertThat(invitation.getValue().attendees()).containsExactly("alice", "carol", "dave", "erin");
    assertThat(invitation.getValue().documentLocation()).isEqualTo("postmortems/inc-friday.md");
  }

  @Test
  void facilitatorFromSettings_runsTheReview() {
    start(
        "inc-facilitated",
        new PostmortemSettings(
            null, Duration.ofMinutes(90), null, null, "lee", "frank", "UTC", null, null, null));

    ArgumentCaptor<ReviewInvitation> invitation = ArgumentCaptor.forClass(ReviewInvitation.class);
    verify(activities, timeout(5_000)).scheduleReview(invitation.capture());

    assertThat(invitation.getValue().facilitator()).isEqualTo("frank");
    // Due Friday 4 December 17:30 UTC: that very morning, 90 minutes.
    assertThat(invitation.getValue().startsAt()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    assertThat(invitation.getValue().endsAt()).isEqualTo(Instant.parse("2026-12-04T11:30:00Z"));
  }

  @Test
  void actionItems_addAndUpdate_assignIdsKeepUnsetFieldsAndReachTheHistoryStore() {
    PostmortemWorkflow postmortem = start("inc-add", withTeamLead());

    postmortem.addActionItem(add("Alert on pool saturation", null, null, "alice"));
    // A signal and a later update may be handled in either order: wait for the signal's effect.
    Postmortems.eventually(postmortem::status, s -> s.actionItems().size() == 1);
    ActionItemResult second =
        postmortem.changeActionItem(add("Load test checkout", "bob", null, "alice"));
    postmortem.updateActionItem(update("AI-1", "carol", null, "carol"));
    Postmortems.eventually(postmortem::status, s -> "carol".equals(s.actionItems().get(0).owner()));
    ActionItemResult dated =
        postmortem.changeActionItem(
            new ActionItemRequest(
                "AI-1",
                null,
                null,
                DUE_DATE,
                ActionItemStatus.IN_PROGRESS,
                "carol",
                null,
                null,
                null,
                null));

    assertThat(second.accepted()).isTrue();
    assertThat(second.item().id()).isEqualTo("AI-2");
    assertThat(second.item().status()).isEqualTo(ActionItemStatus.OPEN);
    assertThat(dated.accepted()).isTrue();
    assertThat(dated.item())
        .usingRecursiveComparison()
        .ignoringFields("updatedAt")
        .isEqualTo(
            new ActionItem(
                "AI-1",
                "Alert on pool saturation",
                "carol",
                DUE_DATE,
                ActionItemStatus.IN_PROGRESS,
                "carol",
                null,
                null,
                null,
                null,
                null));
    assertThat(dated.item().updatedAt()).isBetween(START, START.plus(Duration.ofMinutes(1)));
    verify(history, timeout(5_000).atLeastOnce())
        .recordActionItems(
            argThat(
                u ->
                    u.incidentId().equals("inc-add")
                        && u.detectedAt().equals(START.minus(Duration.ofHours(2)))
                        && u.items().get(0).equals(dated.item())
                        && u.items().get(1).equals(second.item())));
    PostmortemStatus status = postmortem.status();
    assertThat(status.events())
        .extracting(PostmortemEvent::event)
        .contains("AI-1 updated by carol: Alert on pool saturation (owner carol, due none, OPEN)");
    assertThat(status.missing())
        .containsExactly("Review not held (due 2026-12-04T17:30:00Z)", "AI-2 has no due date");
  }

  @Test
  void changeActionItem_withMissingFieldsOrUnknownId_isRejectedNamingTheField() {
    PostmortemWorkflow postmortem = start("inc-invalid", withTeamLead());
    postmortem.addActionItem(add("Alert on pool saturation", null, null, "alice"));

    assertThatThrownBy(() -> postmortem.changeActionItem(add("Load test", null, null, null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("by: required");
    assertThatThrownBy(() -> postmortem.changeActionItem(add(null, "bob", null, "alice")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("action: required when adding an item");
    assertThatThrownBy(() -> postmortem.changeActionItem(update("AI-9", "bob", null, "alice")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("id: no action item AI-9 (known: AI-1)");
    assertThatThrownBy(() -> postmortem.changeActionItem(update("AI-1", null, null, "alice")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .hasMessageContaining("nothing to change");

    PostmortemStatus status = postmortem.status();
    assertThat(status.actionItems()).hasSize(1);
    assertThat(status.actionItems().get(0).owner()).isNull();
  }

  @Test
  void signalsWithBadInput_areRefusedInTheStatus_andTheWorkflowGoesOn() {
    PostmortemWorkflow postmortem = start("inc-bad", withTeamLead());

    postmortem.addActionItem(add(" ", "bob", null, "bob"));
    postmortem.updateActionItem(update("AI-3", "bob", null, "bob"));
    postmortem.updateActionItem(update(null, "bob", null, "bob"));
    postmortem.addActionItem(null);
    postmortem.addActionItem(add("Alert on pool saturation", "carol", DUE_DATE, "alice"));

    PostmortemStatus status = eventually(postmortem::status, s -> s.actionItems().size() == 1);
    assertThat(status.events())
        .extracting(PostmortemEvent::event)
        .contains(
            "addActionItem from bob refused: action: must not be blank",
            "updateActionItem from bob refused: id: no action item AI-3 (known: none yet)",
            "updateActionItem from bob refused: id: required to update an item (known: none yet)",
            "addActionItem refused: request: required");
    assertThat(status.actionItems().get(0).id()).isEqualTo("AI-1");

    postmortem.markReviewHeld(new ReviewHeldRequest("alice", null));
    postmortem.updateActionItem(done("AI-1", "carol"));
    assertThat(result(postmortem).complete()).isTrue();
  }

  @Test
  void completes_onlyWhenTheReviewIsHeldAndEveryItemIsAssignedAndThenDone() {
    PostmortemWorkflow postmortem = start("inc-complete", withTeamLead());
    postmortem.addActionItem(add("Alert on pool saturation", null, null, "alice"));
    postmortem.markReviewHeld(new ReviewHeldRequest("alice", "1 item"));
    eventually(postmortem::status, s -> s.reviewHeldAt() != null);

    postmortem.updateActionItem(update("AI-1", "carol", null, "carol"));
    PostmortemStatus owned =
        eventually(postmortem::status, s -> s.actionItems().get(0).owner() != null);
    assertThat(owned.missing()).containsExactly("AI-1 has no due date");
    assertThat(WorkflowStub.fromTyped(postmortem).describe().getStatus().name())
        .isEqualTo("WORKFLOW_EXECUTION_STATUS_RUNNING");

    postmortem.updateActionItem(update("AI-1", null, DUE_DATE, "carol"));
    PostmortemStatus following =
        eventually(
            postmortem::status,
            s -> s.events().stream().anyMatch(e -> e.event().startsWith("Review held and every")));
    assertThat(following.missing())
        .containsExactly("AI-1 not done yet (OPEN, owner carol, due 2026-12-10)");
    assertThat(following.complete()).isFalse();
    assertThat(WorkflowStub.fromTyped(postmortem).describe().getStatus().name())
        .isEqualTo("WORKFLOW_EXECUTION_STATUS_RUNNING");

    postmortem.updateActionItem(done("AI-1", "carol"));
    PostmortemStatus done = result(postmortem);

    assertThat(done.complete()).isTrue();
    assertThat(done.actionItems().get(0).isAssigned()).isTrue();
    assertThat(done.events())
        .extracting(PostmortemEvent::event)
        .contains("Postmortem complete: review held and every action item done or dropped");
  }

  @Test
  void integrationsNotConfigured_areRecorded_andTheScheduleGoesOnToTheEscalation() {
    ApplicationFailure notConfigured =
        ApplicationFailure.newNonRetryableFailure(
            "chat (Slack) is not configured", "NOT_CONFIGURED");
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "postmortem publishing is not configured", "NOT_CONFIGURED"))
        .when(activities)
        .draftPostmortem(any());
    doThrow(notConfigured).when(activities).scheduleReview(any());
    doThrow(notConfigured).when(activities).remindReview(any());
    PostmortemWorkflow postmortem = start("inc-noslack", withTeamLead());

    env.sleep(Duration.ofDays(8).plusHours(1));

    verify(activities, timeout(5_000))
        .remindReview(argThat(r -> r.sequence() == 3 && r.escalation()));
    PostmortemStatus status =
        eventually(
            postmortem::status,
            s -> s.events().stream().anyMatch(e -> e.event().startsWith("Escalation not sent")));
    assertThat(status.draftError())
        .isEqualTo("NOT_CONFIGURED: postmortem publishing is not configured");
    assertThat(status.document()).isNull();
    assertThat(status.reviewInvitationSent()).isFalse();
    assertThat(status.reviewStartsAt()).isNotNull();
    assertThat(status.remindersSentAt()).isEmpty();
    assertThat(status.escalatedAt()).isNull();
    assertThat(status.events())
        .extracting(PostmortemEvent::event)
        .contains(
            "Reminder 1 not sent: NOT_CONFIGURED: chat (Slack) is not configured",
            "Reminder 2 not sent: NOT_CONFIGURED: chat (Slack) is not configured",
            "Escalation not sent: NOT_CONFIGURED: chat (Slack) is not configured");
  }

  @Test
  void historyStoreFailure_isRecorded_andDoesNotBlockCompletion() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "history store is not configured", "NOT_CONFIGURED"))
        .when(history)
        .recordActionItems(any());
    PostmortemWorkflow postmortem = start("inc-nostore", withTeamLead());

    postmortem.addActionItem(add("Alert on pool saturation", "carol", DUE_DATE, "alice"));
    postmortem.markReviewHeld(new ReviewHeldRequest("alice", null));
    postmortem.updateActionItem(done("AI-1", "carol"));
    PostmortemStatus done = result(postmortem);

    assertThat(done.complete()).isTrue();
    assertThat(done.events())
        .extracting(PostmortemEvent::event)
        .contains(
            "Action items not recorded in the history store: NOT_CONFIGURED: history store is"
                + " not configured");
  }
}
