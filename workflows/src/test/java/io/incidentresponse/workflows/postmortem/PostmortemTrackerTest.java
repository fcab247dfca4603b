package io.incidentresponse.workflows.postmortem;

import static io.incidentresponse.workflows.postmortem.Postmortems.eventually;
import static io.incidentresponse.workflows.postmortem.Postmortems.resolvedIncident;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.postmortem.ReviewReminder.FollowUp;
import io.incidentresponse.workflows.tracker.TicketRequest;
import io.incidentresponse.workflows.tracker.TicketState;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.incidentresponse.workflows.tracker.TrackerSetup;
import io.incidentresponse.workflows.tracker.TrackerTicket;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * With an issue tracker configured, every open action item gets one ticket, linked from the item,
 * and the tickets are read back on a durable timer: a ticket closed in the tracker closes its item.
 * Without one, items are followed exactly as before. The test server skips the days.
 */
class PostmortemTrackerTest {
  /** Friday 27 November 2026, 18:30 in Berlin: the incident was resolved then. */
  private static final Instant START = Instant.parse("2026-11-27T17:30:00Z");

  private static final LocalDate DUE_DATE = LocalDate.of(2026, 12, 10);
  private static final Instant OWNER_REMINDER = Instant.parse("2026-12-08T08:00:00Z");
  private static final Instant OVERDUE = Instant.parse("2026-12-11T08:00:00Z");
  private static final String TRACKER = "GitHub acme/shop";
  private static final TrackerTicket TICKET =
      new TrackerTicket("42", "https://github.com/acme/shop/issues/42");

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
  private final TrackerActivities tracker =
      mock(TrackerActivities.class, withSettings().withoutAnnotations());

  /** What the tracker answers when a ticket is read; open until a test closes it. */
  private final AtomicReference<TicketState> ticketState =
      new AtomicReference<>(TicketState.open(TICKET));

  private TestWorkflowEnvironment env;
  private WorkflowOptions options;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    when(activities.draftPostmortem(any())).thenReturn(new PostmortemDocument("postmortems/x.md"));
    when(tracker.readTicket(any())).thenAnswer(call -> ticketState.get());
    worker.registerActivitiesImplementations(activities, history, tracker);
    env.start();
    this.env = env;
    this.options = options;
  }

  private PostmortemWorkflow heldWithOneItem(String incidentId, String link) {
    IncidentState incident = resolvedIncident(incidentId, START);
    incident.channel = new ChannelRef("C01", "inc-" + incidentId, "https://slack.example/C01");
    PostmortemSettings settings =
        new PostmortemSettings(
            null, null, null, null, "lee", null, "Europe/Berlin", null, null, null);
    PostmortemWorkflow postmortem =
        Postmortems.start(
            env.getWorkflowClient(),
            options,
            "postmortem-" + incidentId,
            new PostmortemInput(incident, START.plus(Duration.ofDays(7)), settings, null));
    postmortem.addActionItem(
        new ActionItemRequest(
            null,
            "Alert on pool saturation",
            "carol",
            DUE_DATE,
            null,
            "alice",
            ActionItemKind.MONITORING,
            link,
            null,
            null));
    postmortem.markReviewHeld(new ReviewHeldRequest("alice", "1 item"));
    return postmortem;
  }

  private void sleepUntil(Instant at) {
    long wait = at.toEpochMilli() - env.currentTimeMillis();
    if (wait > 0) {
      env.sleep(Duration.ofMillis(wait));
    }
  }

  private static PostmortemStatus result(PostmortemWorkflow postmortem) {
    return WorkflowStub.fromTyped(postmortem).getResult(PostmortemStatus.class);
  }

  @Test
  void newItem_getsOneTicketLinkedFromTheItem_andATicketClosedInTheTrackerClosesTheItem() {
    when(tracker.setup()).thenReturn(new TrackerSetup(TRACKER, Duration.ofDays(1)));
    when(tracker.openTicket(any())).thenReturn(TICKET);
    PostmortemWorkflow postmortem = heldWithOneItem("inc-ticket", null);

    PostmortemStatus linked =
        eventually(
            postmortem::status,
            s -> !s.actionItems().isEmpty() && TICKET.url().equals(s.actionItems().get(0).link()));
    assertThat(linked.events())
        .extracting(PostmortemEvent::event)
        .contains(
            "Action items are synchronised with " + TRACKER,
            "AI-1 ticket opened in " + TRACKER + ": " + TICKET.url());
    verify(tracker)
        .openTicket(
            argThat(
                r ->
                    r.incidentId().equals("inc-ticket")
                        && r.item().id().equals("AI-1")
                        && r.requestedAt().isBefore(START.plus(Duration.ofMinutes(1)))
                        && r.postmortem().equals("postmortems/x.md")));

    // Read daily while it is open; the item stays as the people set it.
    sleepUntil(START.plus(Duration.ofDays(2)).plus(Duration.ofHours(1)));
    verify(tracker, timeout(5_000).atLeast(2)).readTicket(TICKET);
    assertThat(postmortem.status().actionItems().get(0).status()).isEqualTo(ActionItemStatus.OPEN);

    ticketState.set(
        new TicketState(
            TICKET, ActionItemStatus.WONT_DO, "closed as not planned by carol in GitHub #42"));
    sleepUntil(START.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)));
    PostmortemStatus done = result(postmortem);

    ActionItem item = done.actionItems().get(0);
    assertThat(item.status()).isEqualTo(ActionItemStatus.WONT_DO);
    assertThat(item.reason()).isEqualTo("closed as not planned by carol in GitHub #42");
    assertThat(item.updatedBy()).isEqualTo(TRACKER);
    assertThat(done.events())
        .extracting(PostmortemEvent::event)
        .contains(
            "AI-1 WONT_DO: its ticket 42 was closed in "
                + TRACKER
                + " (closed as not planned by carol in GitHub #42)",
            "Postmortem complete: review held and every action item done or dropped");
    verify(tracker, times(1)).openTicket(any());
    // Closed before its due date: neither the owner nor the lead hears about it.
    verify(activities, never()).remindReview(argThat(r -> r.followUp() != null));
    verify(history, atLeastOnce())
        .recordActionItems(argThat(u -> u.items().get(0).status() == ActionItemStatus.WONT_DO));
  }

  @Test
  void ticketClosedJustBeforeTheOwnersReminder_isReadFirst_soNoReminderGoes() {
    when(tracker.setup()).thenReturn(new TrackerSetup(TRACKER, Duration.ofDays(30)));
    when(tracker.openTicket(any())).thenReturn(TICKET);
    PostmortemWorkflow postmortem = heldWithOneItem("inc-before-notice", "https://pr.example/1");
    eventually(
        postmortem::status,
        s -> s.events().stream().anyMatch(e -> e.event().contains("ticket opened")));

    sleepUntil(OWNER_REMINDER.minus(Duration.ofHours(2)));
    verify(tracker, never()).readTicket(any());
    ticketState.set(new TicketState(TICKET, ActionItemStatus.DONE, "closed as completed"));
    sleepUntil(OWNER_REMINDER.plus(Duration.ofHours(1)));
    PostmortemStatus done = result(postmortem);

    assertThat(done.actionItems().get(0).status()).isEqualTo(ActionItemStatus.DONE);
    // The item had a link (a pull request): the ticket does not replace it.
    assertThat(done.actionItems().get(0).link()).isEqualTo("https://pr.example/1");
    verify(activities, never()).remindReview(argThat(r -> r.followUp() != null));
  }

  @Test
  void trackerDown_isReportedOnce_theItemIsFollowedAllTheSame_andTheTicketIsOpenedAtALaterRead() {
    when(tracker.setup()).thenReturn(new TrackerSetup(TRACKER, Duration.ofDays(1)));
    AtomicInteger attempts = new AtomicInteger();
    when(tracker.openTicket(any()))
        .thenAnswer(
            call -> {
              if (attempts.incrementAndGet() <= 3) {
                throw ApplicationFailure.newNonRetryableFailure(
                    "GitHub create issue in acme/shop answered 503: unicorn",
                    FailureType.UNAVAILABLE.type());
              }
              return TICKET;
            });
    PostmortemWorkflow postmortem = heldWithOneItem("inc-down", null);

    sleepUntil(START.plus(Duration.ofDays(3)).plus(Duration.ofHours(1)));
    PostmortemStatus status =
        eventually(postmortem::status, s -> TICKET.url().equals(s.actionItems().get(0).link()));

    assertThat(attempts.get()).isEqualTo(4);
    assertThat(status.events())
        .extracting(PostmortemEvent::event)
        .filteredOn(e -> e.contains("ticket not opened"))
        .containsExactly(
            "AI-1 ticket not opened in "
                + TRACKER
                + " (tried again at the next read): UNAVAILABLE: GitHub create issue in"
                + " acme/shop answered 503: unicorn");
    // Every try looks from the first request on: a ticket an earlier try made is found.
    ArgumentCaptor<TicketRequest> tries = ArgumentCaptor.forClass(TicketRequest.class);
    verify(tracker, times(4)).openTicket(tries.capture());
    assertThat(tries.getAllValues())
        .extracting(TicketRequest::requestedAt)
        .containsOnly(tries.getAllValues().get(0).requestedAt());

    // Never blocks the item: the owner is reminded on time.
    sleepUntil(OWNER_REMINDER.plus(Duration.ofHours(1)));
    verify(activities, timeout(5_000))
        .remindReview(argThat(r -> r.followUp() == FollowUp.DUE_SOON));
  }

  @Test
  void noTrackerConfigured_itemsAreFollowedAsBefore_andNothingIsCalledButTheQuestion() {
    when(tracker.setup()).thenReturn(TrackerSetup.NONE);
    PostmortemWorkflow postmortem = heldWithOneItem("inc-no-tracker", null);

    sleepUntil(OVERDUE.plus(Duration.ofHours(1)));
    verify(activities, timeout(5_000)).remindReview(argThat(r -> r.followUp() == FollowUp.OVERDUE));
    PostmortemStatus status = postmortem.status();

    verify(tracker).setup();
    verify(tracker, never()).openTicket(any());
    verify(tracker, never()).readTicket(any());
    assertThat(status.actionItems().get(0).link()).isNull();
    assertThat(status.events())
        .extracting(PostmortemEvent::event)
        .noneMatch(e -> e.contains("ticket") || e.contains("synchronised"));
    verify(activities, times(2)).remindReview(argThat(r -> r.followUp() != null));
  }
}
