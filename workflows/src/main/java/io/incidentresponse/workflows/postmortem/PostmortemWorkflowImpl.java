package io.incidentresponse.workflows.postmortem;

import io.incidentresponse.workflows.BoundedRetries;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.metrics.ActionItemsUpdate;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.tracker.TicketRequest;
import io.incidentresponse.workflows.tracker.TicketState;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.incidentresponse.workflows.tracker.TrackerSetup;
import io.incidentresponse.workflows.tracker.TrackerTicket;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;

/** See {@link PostmortemWorkflow}. */
public class PostmortemWorkflowImpl implements PostmortemWorkflow {
  private static final Logger log = Workflow.getLogger(PostmortemWorkflowImpl.class);

  /**
   * Added after postmortems were running in production: those replay on the old course ({@link
   * Workflow#DEFAULT_VERSION}): draft, wait for the due date, one overdue reminder.
   */
  static final String REVIEW_SCHEDULING = "review-scheduling";

  /**
   * Added when action items came to be followed after the review until done or dropped: postmortems
   * started before it ({@link Workflow#DEFAULT_VERSION}) complete once the review is held and every
   * item is assigned, and accept a drop without a reason, as they did.
   */
  static final String FOLLOW_THROUGH = "action-item-follow-through";

  /**
   * Added when action items came to be synchronised with an issue tracker: postmortems started
   * before it ({@link Workflow#DEFAULT_VERSION}) never ask the worker for one and follow their
   * items as they did. Runs that take it ask once per run ({@link TrackerActivities#setup()}) and,
   * with no tracker configured, follow their items as before too.
   */
  static final String TRACKER_SYNC = "action-item-tracker";

  /** The events kept in the status: the latest ones, enough to see what happened lately. */
  static final int MAX_EVENTS = 50;

  private static final int MAX_NOTES = 200;
  private static final String LEGACY_REFUSAL =
      "action items: this postmortem started before action items were tracked; add them to the"
          + " document";
  private static final DateTimeFormatter SLOT_FORMAT =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm zzz", Locale.ROOT);

  // The activity options of postmortems started before review scheduling: unchanged for them.
  private final PostmortemActivities legacyActivities =
      Workflow.newActivityStub(
          PostmortemActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setMaximumInterval(Duration.ofMinutes(10))
                      .build())
              .build());

  // Bounded retries: a document store or Slack that stays down must not hold back the reminders
  // and the escalation; the failure goes to the status and the schedule goes on.
  private final PostmortemActivities drafting =
      Workflow.newActivityStub(PostmortemActivities.class, boundedRetries(Duration.ofMinutes(2)));

  private final PostmortemActivities notices =
      Workflow.newActivityStub(PostmortemActivities.class, boundedRetries(Duration.ofMinutes(1)));

  /** Retried for at most 30 minutes, each attempt within {@code attempt}. */
  private static ActivityOptions boundedRetries(Duration attempt) {
    return BoundedRetries.within(attempt, Duration.ofMinutes(30));
  }

  private final TrackerActivities trackerQuestion =
      Workflow.newLocalActivityStub(TrackerActivities.class, TrackerActivities.SETUP_OPTIONS);

  private final TrackerActivities tracker =
      Workflow.newActivityStub(TrackerActivities.class, TrackerActivities.OPTIONS);

  private final IncidentHistoryActivities history =
      Workflow.newActivityStub(IncidentHistoryActivities.class, IncidentHistoryActivities.OPTIONS);

  private final PostmortemInput input;
  private final IncidentState incident;
  private final PostmortemSettings settings;
  private final String incidentId;
  private final ActionItemBook book;
  private final List<PostmortemEvent> events = new ArrayList<>();
  private final List<Instant> remindersSentAt = new ArrayList<>();

  /** Null until {@link #run} has read the version; then whether this run schedules the review. */
  private Boolean reviewScheduling;

  /**
   * Null until read; then whether the items are followed after the review (and drops explained).
   */
  private Boolean followThrough;

  /** After the review, while items are followed until done or dropped. */
  private boolean following;

  private final Map<String, ItemNotices> itemNotices = new LinkedHashMap<>();

  /** The issue tracker this run synchronises items with; {@link TrackerSetup#NONE} without one. */
  private TrackerSetup trackerSetup = TrackerSetup.NONE;

  private final Map<String, ItemTicket> tickets = new LinkedHashMap<>();
  private Instant ticketsReadAt;

  /** Items whose ticket could not be opened, due for another try (insertion-ordered). */
  private final Set<String> reopenDue = new LinkedHashSet<>();

  private int ticketCallsRunning;
  private int ticketsRevision;
  private int runs;

  private PostmortemDocument document;
  private String draftError;
  private Instant reviewDueAt;
  private Instant reviewHeldAt;
  private boolean overdueReminderSent;
  private Instant reviewStartsAt;
  private Instant reviewEndsAt;
  private boolean reviewInvitationSent;
  private Instant escalatedAt;
  private String facilitator;
  private int noticeSequence;
  private boolean heldDraftDone;

  // Item changes bump the revision; the recorder and the final draft catch up with it.
  private int itemsRevision;
  private int recordedRevision;
  private int draftedRevision;

  @WorkflowInit
  public PostmortemWorkflowImpl(PostmortemInput input) {
    this.input = input;
    this.incident = input.incident();
    this.settings = input.settings();
    this.incidentId = incident.incidentId;
    this.reviewDueAt = input.reviewDueAt();
    this.book = new ActionItemBook(input.actionItems());
  }

  @Override
  public PostmortemStatus run(PostmortemInput input) {
    int version = Workflow.getVersion(REVIEW_SCHEDULING, Workflow.DEFAULT_VERSION, 1);
    reviewScheduling = version >= 1;
    return reviewScheduling ? runWithReviewScheduling() : runBeforeReviewScheduling();
  }

  /** The course of postmortems started before review scheduling, command for command. */
  private PostmortemStatus runBeforeReviewScheduling() {
    // Retried until it succeeds or fails for good (not configured, bad request): then the review
    // is still chased, and the status says why there is no document.
    try {
      document = legacyActivities.draftPostmortem(input);
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      draftError = Failures.describe(e);
      log.warn("postmortem draft for {} failed: {}", incidentId, draftError);
    }
    long untilDue = reviewDueAt.toEpochMilli() - Workflow.currentTimeMillis();
    boolean held =
        untilDue > 0 && Workflow.await(Duration.ofMillis(untilDue), () -> reviewHeldAt != null);
    if (!held && reviewHeldAt == null) {
      overdueReminderSent = true;
      try {
        legacyActivities.remindOverdueReview(status());
      } catch (ActivityFailure e) {
        Failures.rethrowIfCanceled(e);
        log.warn("overdue reminder for {} failed: {}", incidentId, e.getMessage());
      }
      Workflow.await(() -> reviewHeldAt != null);
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    return status();
  }

  private PostmortemStatus runWithReviewScheduling() {
    followThrough =
        Workflow.getVersion(FOLLOW_THROUGH, Workflow.DEFAULT_VERSION, 1) > Workflow.DEFAULT_VERSION;
    if (followThrough
        && Workflow.getVersion(TRACKER_SYNC, Workflow.DEFAULT_VERSION, 1)
            > Workflow.DEFAULT_VERSION) {
      askForTracker();
    }
    Instant resolvedAt = incident.resolvedAt != null ? incident.resolvedAt : now();
    if (reviewDueAt == null) {
      reviewDueAt = resolvedAt.plus(settings.reviewWithin());
    }
    facilitator = facilitator();
    if (input.carried() != null) {
      return continueFollowing(input.carried());
    }
    ZoneId zone = zone();

    draftedRevision = itemsRevision;
    try {
      document = drafting.draftPostmortem(draftInput());
      event("Postmortem drafted: " + document.location());
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      draftError = Failures.describe(e);
      event("Postmortem draft failed: " + draftError);
    }
    scheduleReview(resolvedAt, zone);
    Async.procedure(this::recordItemsWhenChanged);
    startTicketSync();

    List<Deadline> deadlines = deadlines(resolvedAt);
    int next = 0;
    while (true) {
      if (next < deadlines.size()) {
        long wait = deadlines.get(next).at().toEpochMilli() - Workflow.currentTimeMillis();
        if (wait > 0) {
          Workflow.await(Duration.ofMillis(wait), () -> heldDraftDue() || complete());
        }
      } else {
        Workflow.await(() -> heldDraftDue() || complete());
      }
      if (heldDraftDue()) {
        heldDraftDone = true;
        redraft("review held");
        continue;
      }
      if (complete()) {
        // Finish only with the store and the document showing the final items.
        Workflow.await(() -> recordedRevision == itemsRevision);
        if (draftedRevision != itemsRevision) {
          redraft("action items settled");
          continue;
        }
        if (complete()) {
          break;
        }
        continue;
      }
      next = sendDue(deadlines, next);
    }
    if (!followThrough) {
      event("Postmortem complete: review held and every action item assigned");
      Workflow.await(Workflow::isEveryHandlerFinished);
      return status();
    }
    return followItems();
  }

  // ---------------------------------------------------------------- follow-through

  /** A continued run: the review is behind; the items are followed where the last run left off. */
  private PostmortemStatus continueFollowing(FollowThrough carried) {
    reviewHeldAt = carried.reviewHeldAt();
    reviewStartsAt = carried.reviewStartsAt();
    reviewEndsAt = carried.reviewEndsAt();
    reviewInvitationSent = carried.reviewInvitationSent();
    document = carried.document();
    draftError = carried.draftError();
    remindersSentAt.addAll(carried.remindersSentAt());
    escalatedAt = carried.escalatedAt();
    overdueReminderSent = escalatedAt != null;
    noticeSequence = carried.noticeSequence();
    for (ItemNotices notices : carried.itemNotices()) {
      itemNotices.put(notices.itemId(), notices);
    }
    events.addAll(carried.events());
    runs = carried.runs();
    for (ItemTicket ticket : carried.tickets()) {
      tickets.put(ticket.itemId(), ticket);
    }
    ticketsReadAt = carried.ticketsReadAt();
    heldDraftDone = true;
    Async.procedure(this::recordItemsWhenChanged);
    startTicketSync();
    return followItems();
  }

  /**
   * After the review: reminds each owner before an item's due date and the team lead once it is
   * overdue, then every {@code remindOverdueEvery}, until every item is done or dropped. Durable
   * timers only; every item change wakes it to plan again.
   */
  private PostmortemStatus followItems() {
    if (!following) {
      following = true;
      if (!book.allFinal()) {
        event(
            "Review held and every action item assigned: following the items until done or"
                + " dropped");
      }
    }
    ZoneId zone = zone();
    while (true) {
      if (book.allFinal()) {
        // Finish only with the store and the document showing the final items.
        Workflow.await(() -> recordedRevision == itemsRevision);
        if (draftedRevision != itemsRevision) {
          redraft("action items done or dropped");
          continue;
        }
        if (book.allFinal()) {
          break;
        }
        continue;
      }
      if (continueAsNewDue()) {
        continueAsNew();
      }
      int revision = itemsRevision;
      int ticketRevision = ticketsRevision;
      Instant notice = nextItemNotice(zone);
      Instant read = nextTicketRead();
      Instant next = notice == null || (read != null && read.isBefore(notice)) ? read : notice;
      // A ticket opened or failed plans the reads again; without a tracker nothing changes it.
      Supplier<Boolean> changed =
          () -> itemsRevision != revision || ticketsRevision != ticketRevision;
      if (next == null) {
        Workflow.await(changed::get);
        continue;
      }
      long wait = next.toEpochMilli() - Workflow.currentTimeMillis();
      if (wait > 0 && Workflow.await(Duration.ofMillis(wait), changed::get)) {
        continue;
      }
      if (read != null) {
        // Before any notice too: an item closed in the tracker is not chased any more.
        readTickets();
      }
      if (notice != null && !notice.isAfter(now())) {
        sendItemNotices(zone);
      }
    }
    event("Postmortem complete: review held and every action item done or dropped");
    Workflow.await(Workflow::isEveryHandlerFinished);
    return status();
  }

  /** The earliest notice any open item with an owner and a due date needs, or null. */
  private Instant nextItemNotice(ZoneId zone) {
    Instant next = null;
    for (ActionItem item : followedItems()) {
      Instant at = notices(item).nextAt(zone, settings);
      if (next == null || at.isBefore(next)) {
        next = at;
      }
    }
    return next;
  }

  /** Items still open that have an owner and a due date: the ones with timers. */
  private List<ActionItem> followedItems() {
    List<ActionItem> followed = new ArrayList<>();
    for (ActionItem item : book.items()) {
      if (!item.isFinal() && item.isAssigned()) {
        followed.add(item);
      }
    }
    return followed;
  }

  private ItemNotices notices(ActionItem item) {
    ItemNotices notices = itemNotices.get(item.id());
    if (notices == null || !notices.dueDate().equals(item.dueDate())) {
      notices = ItemNotices.none(item.id(), item.dueDate());
      itemNotices.put(item.id(), notices);
    }
    return notices;
  }

  /**
   * Sends what has come due: one reminder per owner for items due soon, one notice to the team lead
   * for the overdue ones. A notice that fails counts as sent (the event says so), so an
   * unconfigured chat never holds the workflow in a loop.
   */
  private void sendItemNotices(ZoneId zone) {
    Instant now = now();
    Map<String, List<String>> dueSoon = new LinkedHashMap<>();
    List<String> overdue = new ArrayList<>();
    for (ActionItem item : followedItems()) {
      ItemNotices notices = notices(item);
      Instant overdueAt = notices.nextOverdueAt(zone, settings);
      if (!overdueAt.isAfter(now)) {
        // Weeks missed (a worker down for long) fold into this one notice.
        int notice = notices.overdueNotices() + 1;
        while (!overdueAt.plus(settings.remindOverdueEvery()).isAfter(now)) {
          overdueAt = overdueAt.plus(settings.remindOverdueEvery());
          notice++;
        }
        itemNotices.put(
            item.id(), new ItemNotices(item.id(), item.dueDate(), notices.ownerReminded(), notice));
        overdue.add(line(item, "overdue since " + item.dueDate()));
      } else if (!notices.ownerReminded()
          && !ItemNotices.ownerReminderAt(item.dueDate(), zone, settings).isAfter(now)) {
        itemNotices.put(item.id(), new ItemNotices(item.id(), item.dueDate(), true, 0));
        dueSoon
            .computeIfAbsent(item.owner().strip(), owner -> new ArrayList<>())
            .add(line(item, "due " + item.dueDate()));
      }
    }
    dueSoon.forEach((owner, lines) -> notifyItems(owner, lines, ReviewReminder.FollowUp.DUE_SOON));
    if (!overdue.isEmpty()) {
      String lead = settings.teamLead();
      notifyItems(
          lead == null || lead.isBlank() ? facilitator : lead,
          overdue,
          ReviewReminder.FollowUp.OVERDUE);
    }
  }

  private void notifyItems(String recipient, List<String> lines, ReviewReminder.FollowUp followUp) {
    int sequence = ++noticeSequence;
    boolean overdue = followUp == ReviewReminder.FollowUp.OVERDUE;
    String what = overdue ? "Overdue action items" : "Action items due soon";
    String to = recipient == null ? "the channel" : recipient;
    try {
      notices.remindReview(
          new ReviewReminder(
              incidentId,
              incident.title,
              channelId(),
              reviewDueAt,
              true,
              lines,
              recipient,
              sequence,
              overdue,
              documentLocation(),
              followUp));
      event(what + " sent to " + to + ": " + String.join("; ", lines));
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      event(what + " for " + to + " not sent: " + Failures.describe(e));
    }
  }

  private static String line(ActionItem item, String when) {
    return item.id() + " " + when + " (owner " + item.owner() + "): " + item.action();
  }

  private boolean continueAsNewDue() {
    return Workflow.getInfo().getHistoryLength() >= settings.continueAsNewAfterEvents()
        || Workflow.getInfo().isContinueAsNewSuggested();
  }

  /** Carries the items, their notices and the review's outcome into a fresh history. */
  private void continueAsNew() {
    Workflow.await(() -> recordedRevision == itemsRevision && ticketCallsRunning == 0);
    Workflow.await(Workflow::isEveryHandlerFinished);
    List<ItemNotices> carriedNotices = new ArrayList<>();
    for (ActionItem item : followedItems()) {
      carriedNotices.add(notices(item));
    }
    event("Continued as new (run " + (runs + 2) + ") with " + book.items().size() + " items");
    FollowThrough carried =
        new FollowThrough(
            reviewHeldAt,
            reviewStartsAt,
            reviewEndsAt,
            reviewInvitationSent,
            document,
            draftError,
            remindersSentAt,
            escalatedAt,
            noticeSequence,
            carriedNotices,
            events,
            runs + 1,
            List.copyOf(tickets.values()),
            ticketsReadAt);
    Workflow.continueAsNew(
        new PostmortemInput(
            incident,
            reviewDueAt,
            settings,
            book.items(),
            input.responseTime(),
            input.availabilityTarget(),
            carried));
  }

  private void scheduleReview(Instant resolvedAt, ZoneId zone) {
    reviewStartsAt = ReviewSlot.start(resolvedAt, reviewDueAt, settings.reviewLength(), zone);
    reviewEndsAt = reviewStartsAt.plus(settings.reviewLength());
    List<String> attendees = attendees();
    String slot = SLOT_FORMAT.format(reviewStartsAt.atZone(zone));
    try {
      notices.scheduleReview(
          new ReviewInvitation(
              incidentId,
              incident.title,
              channelId(),
              reviewStartsAt,
              reviewEndsAt,
              facilitator,
              attendees,
              documentLocation(),
              Workflow.getInfo().getWorkflowId()));
      reviewInvitationSent = true;
      event(
          "Review scheduled for "
              + slot
              + ", facilitator "
              + (facilitator == null ? "none" : facilitator)
              + ", "
              + attendees.size()
              + " attendees");
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      event("Review invitation for " + slot + " not sent: " + Failures.describe(e));
    }
  }

  /** Sends what the passed deadlines call for; returns the index of the next deadline. */
  private int sendDue(List<Deadline> deadlines, int next) {
    Instant now = now();
    int passed = next;
    boolean escalate = false;
    while (passed < deadlines.size() && !deadlines.get(passed).at().isAfter(now)) {
      escalate |= deadlines.get(passed).escalation();
      passed++;
    }
    if (passed - next > 1) {
      // Several passed at once (a postmortem started late): one notice says it all.
      event((passed - next - 1) + " earlier reminder(s) folded into this one");
    }
    if (escalate) {
      escalate(now);
    } else {
      remind(now);
    }
    return passed;
  }

  private void remind(Instant now) {
    int sequence = ++noticeSequence;
    List<String> missing = missing();
    try {
      notices.remindReview(reminder(missing, facilitator, sequence, false));
      remindersSentAt.add(now);
      event(
          "Reminder "
              + sequence
              + " sent to "
              + (facilitator == null ? "the channel" : facilitator)
              + ": "
              + String.join("; ", missing));
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      event("Reminder " + sequence + " not sent: " + Failures.describe(e));
    }
  }

  private void escalate(Instant now) {
    int sequence = ++noticeSequence;
    String recipient = settings.teamLead();
    if (recipient == null || recipient.isBlank()) {
      recipient = facilitator;
      event("No team lead configured: the escalation goes to the facilitator");
    }
    List<String> missing = missing();
    try {
      notices.remindReview(reminder(missing, recipient, sequence, true));
      escalatedAt = now;
      overdueReminderSent = true;
      event(
          "Escalated to "
              + (recipient == null ? "the channel" : recipient)
              + ": "
              + String.join("; ", missing));
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      event("Escalation not sent: " + Failures.describe(e));
    }
  }

  private ReviewReminder reminder(
      List<String> missing, String recipient, int sequence, boolean escalation) {
    return new ReviewReminder(
        incidentId,
        incident.title,
        channelId(),
        reviewDueAt,
        reviewHeldAt != null,
        missing,
        recipient,
        sequence,
        escalation,
        documentLocation(),
        null);
  }

  private void redraft(String why) {
    draftedRevision = itemsRevision;
    try {
      PostmortemDocument drafted = drafting.draftPostmortem(draftInput());
      document = drafted;
      event("Postmortem drafted again (" + why + "): " + drafted.location());
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      event("Postmortem draft (" + why + ") failed: " + Failures.describe(e));
    }
  }

  /** Runs beside the main course: every change to the items reaches the history store. */
  private void recordItemsWhenChanged() {
    while (true) {
      Workflow.await(() -> recordedRevision != itemsRevision);
      int revision = itemsRevision;
      try {
        history.recordActionItems(
            new ActionItemsUpdate(incidentId, incident.detectedAt, book.items()));
      } catch (ActivityFailure e) {
        Failures.rethrowIfCanceled(e);
        // Best effort: the next change, or the postmortem itself, still carries the items.
        event("Action items not recorded in the history store: " + Failures.describe(e));
      }
      recordedRevision = revision;
    }
  }

  // ---------------------------------------------------------------- issue tracker

  /** Asks the worker for its tracker; a worker that cannot say is taken to have none. */
  private void askForTracker() {
    try {
      TrackerSetup answer = trackerQuestion.setup();
      trackerSetup = answer == null ? TrackerSetup.NONE : answer;
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      log.warn(
          "postmortem {}: the worker did not say which tracker it has: {}",
          incidentId,
          Failures.describe(e));
    }
  }

  private void startTicketSync() {
    if (!trackerSetup.configured()) {
      return;
    }
    if (input.carried() == null) {
      event("Action items are synchronised with " + trackerSetup.tracker());
    }
    Async.procedure(this::openTicketsWhenNeeded);
  }

  /**
   * Runs beside the main course: every open item without a ticket gets one, in turn, and a ticket
   * that could not be opened is tried again when the tickets are read.
   */
  private void openTicketsWhenNeeded() {
    while (true) {
      Workflow.await(() -> ticketToOpen() != null);
      ActionItem item = ticketToOpen();
      ItemTicket known = tickets.get(item.id());
      ItemTicket asked = known != null ? known : new ItemTicket(item.id(), now(), null, null);
      reopenDue.remove(item.id());
      tickets.put(item.id(), asked);
      openTicket(item, asked);
    }
  }

  private ActionItem ticketToOpen() {
    for (ActionItem item : book.items()) {
      if (!item.isFinal() && (!tickets.containsKey(item.id()) || reopenDue.contains(item.id()))) {
        return item;
      }
    }
    return null;
  }

  /**
   * Opens the item's ticket and links the item to it when it has no link yet. A failure is reported
   * once and tried again at the next read; the item is followed all the same.
   */
  private void openTicket(ActionItem item, ItemTicket asked) {
    ticketCallsRunning++;
    try {
      TrackerTicket ticket =
          tracker.openTicket(
              new TicketRequest(
                  incidentId, incident.title, item, documentLocation(), asked.requestedAt()));
      tickets.put(item.id(), asked.withTicket(ticket));
      ticketsRevision++;
      if (item.link() == null) {
        changeFromTracker(
            ActionItemRequest.fromTracker(
                item.id(), trackerSetup.tracker(), null, ticket.url(), null),
            item.id() + " ticket opened in " + trackerSetup.tracker() + ": " + ticket.url());
      } else {
        event(item.id() + " ticket opened in " + trackerSetup.tracker() + ": " + ticket.url());
      }
    } catch (ActivityFailure e) {
      String what =
          item.id()
              + " ticket not opened in "
              + trackerSetup.tracker()
              + " (tried again at the next read)";
      tickets.put(item.id(), asked.withProblem(reportOnce(e, asked.problem(), what)));
      ticketsRevision++;
    } finally {
      ticketCallsRunning--;
    }
  }

  /** When the tickets of open items are read next, or null when there is nothing to read. */
  private Instant nextTicketRead() {
    if (!trackerSetup.configured()) {
      return null;
    }
    boolean any = false;
    for (ItemTicket ticket : tickets.values()) {
      ActionItem item = book.find(ticket.itemId());
      any |= item != null && !item.isFinal() && (ticket.ticket() != null || ticket.openFailed());
    }
    if (!any) {
      return null;
    }
    if (ticketsReadAt == null) {
      // The first read one interval after the follow-through began.
      ticketsReadAt = now();
    }
    return ticketsReadAt.plus(trackerSetup.pollEvery());
  }

  /**
   * Reads back the tickets of open items, all at once: a ticket closed in the tracker closes its
   * item (done, or dropped with the tracker's reason); an open one leaves the item as it is. A
   * tracker that is down is reported once per ticket and read again at the next interval.
   */
  private void readTickets() {
    ticketsReadAt = now();
    List<ItemTicket> reading = new ArrayList<>();
    List<Promise<TicketState>> answers = new ArrayList<>();
    for (ItemTicket ticket : List.copyOf(tickets.values())) {
      ActionItem item = book.find(ticket.itemId());
      if (item == null || item.isFinal()) {
        continue;
      }
      if (ticket.openFailed()) {
        reopenDue.add(ticket.itemId());
      } else if (ticket.ticket() != null) {
        reading.add(ticket);
        answers.add(Async.function(tracker::readTicket, ticket.ticket()));
      }
    }
    ticketCallsRunning++;
    try {
      for (int i = 0; i < reading.size(); i++) {
        settle(reading.get(i), answers.get(i));
      }
    } finally {
      ticketCallsRunning--;
    }
  }

  private void settle(ItemTicket ticket, Promise<TicketState> answer) {
    String key = ticket.ticket().key();
    try {
      TicketState state = answer.get();
      tickets.put(ticket.itemId(), ticket.withProblem(null));
      ActionItem item = book.find(ticket.itemId());
      if (state == null || !state.closed() || item == null || item.isFinal()) {
        return;
      }
      String reason = state.reason();
      if (reason != null && reason.length() > ActionItemBook.MAX_TEXT) {
        reason = reason.substring(0, ActionItemBook.MAX_TEXT - 1) + "…";
      }
      if (reason != null && reason.isBlank()) {
        reason = null;
      }
      if (reason == null && state.status() == ActionItemStatus.WONT_DO) {
        reason = "closed as not done in " + trackerSetup.tracker();
      }
      changeFromTracker(
          ActionItemRequest.fromTracker(
              item.id(),
              trackerSetup.tracker(),
              state.status(),
              null,
              state.status() == ActionItemStatus.WONT_DO ? reason : null),
          item.id()
              + " "
              + state.status()
              + ": its ticket "
              + key
              + " was closed in "
              + trackerSetup.tracker()
              + (reason == null ? "" : " (" + reason + ")"));
    } catch (ActivityFailure e) {
      String what =
          ticket.itemId()
              + " ticket "
              + key
              + " not read from "
              + trackerSetup.tracker()
              + " (read again in "
              + trackerSetup.pollEvery()
              + ")";
      tickets.put(ticket.itemId(), ticket.withProblem(reportOnce(e, ticket.problem(), what)));
    }
  }

  /**
   * The failure in words, written to the events only when it differs from {@code last}: a tracker
   * that stays down is said once per ticket, not at every read.
   */
  private String reportOnce(ActivityFailure e, String last, String what) {
    Failures.rethrowIfCanceled(e);
    String problem = Failures.describe(e);
    if (!problem.equals(last)) {
      event(what + ": " + problem);
    }
    return problem;
  }

  /** Applies a change the tracker brought, with its own event; a refusal is an event too. */
  private void changeFromTracker(ActionItemRequest request, String what) {
    String refusal = book.refuseUpdate(request, dropNeedsReason());
    if (refusal != null) {
      event(what + "; not applied: " + refusal);
      return;
    }
    book.apply(request, now());
    itemsRevision++;
    event(what);
  }

  // ---------------------------------------------------------------- signals and updates

  @Override
  public void markReviewHeld(ReviewHeldRequest request) {
    if (reviewHeldAt != null) {
      return;
    }
    reviewHeldAt = now();
    String by = request == null || request.by() == null ? "someone" : request.by();
    String notes = request == null || request.notes() == null ? "" : request.notes().strip();
    if (notes.length() > MAX_NOTES) {
      notes = notes.substring(0, MAX_NOTES) + "…";
    }
    event("Review marked held by " + by + (notes.isEmpty() ? "" : ": " + notes));
  }

  @Override
  public void addActionItem(ActionItemRequest request) {
    change("addActionItem", request, refuseAdd(request));
  }

  @Override
  public void updateActionItem(ActionItemRequest request) {
    change("updateActionItem", request, refuseUpdate(request));
  }

  @Override
  public ActionItemResult changeActionItem(ActionItemRequest request) {
    return change("changeActionItem", request, refuse(request));
  }

  @Override
  public void validateChangeActionItem(ActionItemRequest request) {
    String refusal = refuse(request);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
  }

  @Override
  public PostmortemStatus status() {
    return new PostmortemStatus(
        incidentId,
        document,
        draftError,
        reviewDueAt,
        reviewHeldAt,
        overdueReminderSent,
        book.items(),
        reviewStartsAt,
        reviewEndsAt,
        reviewInvitationSent,
        remindersSentAt,
        escalatedAt,
        missing(),
        events);
  }

  private ActionItemResult change(String name, ActionItemRequest request, String refusal) {
    if (refusal != null) {
      String by = request == null || request.by() == null ? "" : " from " + request.by();
      event(name + by + " refused: " + refusal);
      return ActionItemResult.refused(refusal);
    }
    boolean adding = request.id() == null || request.id().isBlank();
    ActionItem item = book.apply(request, now());
    itemsRevision++;
    event(
        item.id()
            + (adding ? " added by " : " updated by ")
            + item.updatedBy()
            + ": "
            + describe(item));
    return ActionItemResult.accepted(item);
  }

  private String refuse(ActionItemRequest request) {
    boolean adding = request == null || request.id() == null || request.id().isBlank();
    return adding ? refuseAdd(request) : refuseUpdate(request);
  }

  private String refuseAdd(ActionItemRequest request) {
    return Boolean.FALSE.equals(reviewScheduling)
        ? LEGACY_REFUSAL
        : book.refuseAdd(request, dropNeedsReason());
  }

  private String refuseUpdate(ActionItemRequest request) {
    return Boolean.FALSE.equals(reviewScheduling)
        ? LEGACY_REFUSAL
        : book.refuseUpdate(request, dropNeedsReason());
  }

  /** Postmortems started before the follow-through accepted a drop without a reason. */
  private boolean dropNeedsReason() {
    return !Boolean.FALSE.equals(followThrough);
  }

  // ---------------------------------------------------------------- helpers

  private boolean heldDraftDue() {
    return reviewHeldAt != null && !heldDraftDone;
  }

  private boolean complete() {
    return reviewHeldAt != null && book.allAssigned();
  }

  private List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (reviewHeldAt == null) {
      missing.add("Review not held (due " + (reviewDueAt == null ? "unknown" : reviewDueAt) + ")");
    }
    missing.addAll(book.gaps());
    if (following) {
      for (ActionItem item : book.items()) {
        if (!item.isFinal() && item.isAssigned()) {
          missing.add(
              item.id()
                  + " not done yet ("
                  + (item.status() == null ? ActionItemStatus.OPEN : item.status())
                  + ", owner "
                  + item.owner()
                  + ", due "
                  + item.dueDate()
                  + ")");
        }
      }
    }
    return missing;
  }

  private List<Deadline> deadlines(Instant resolvedAt) {
    List<Deadline> deadlines = new ArrayList<>();
    for (Duration after : settings.remindAfter()) {
      if (after != null && !after.isNegative()) {
        deadlines.add(new Deadline(resolvedAt.plus(after), false));
      }
    }
    deadlines.add(new Deadline(resolvedAt.plus(settings.escalateAfter()), true));
    deadlines.sort(Comparator.comparing(Deadline::at));
    return deadlines;
  }

  /** Commander, everyone holding a role, whoever acknowledged and whoever decided an action. */
  private List<String> attendees() {
    SortedSet<String> people = new TreeSet<>();
    if (incident.roles != null) {
      incident.roles.values().forEach(person -> addPerson(people, person));
    }
    addPerson(people, incident.acknowledgedBy);
    if (incident.actions != null) {
      for (MitigationAction action : incident.actions) {
        addPerson(people, action.decidedBy());
      }
    }
    return List.copyOf(people);
  }

  private static void addPerson(SortedSet<String> people, String person) {
    if (person == null
        || person.isBlank()
        || person.equals(TimelineEntry.SYSTEM)
        || person.equals(TimelineEntry.POLICY)) {
      return;
    }
    people.add(person.strip());
  }

  private String facilitator() {
    if (settings.facilitator() != null && !settings.facilitator().isBlank()) {
      return settings.facilitator();
    }
    String commander = incident.roles == null ? null : incident.commander();
    return commander != null ? commander : settings.teamLead();
  }

  private ZoneId zone() {
    try {
      return ZoneId.of(settings.zone());
    } catch (DateTimeException e) {
      event("Unknown time zone " + settings.zone() + ": the review is scheduled in UTC");
      return ZoneOffset.UTC;
    }
  }

  private PostmortemInput draftInput() {
    return new PostmortemInput(
        incident,
        reviewDueAt,
        settings,
        book.items(),
        input.responseTime(),
        input.availabilityTarget());
  }

  private String channelId() {
    return incident.channel == null ? null : incident.channel.id();
  }

  private String documentLocation() {
    return document == null ? null : document.location();
  }

  private static String describe(ActionItem item) {
    return item.action()
        + " (owner "
        + (item.owner() == null ? "none" : item.owner())
        + ", due "
        + (item.dueDate() == null ? "none" : item.dueDate())
        + ", "
        + item.status()
        + ")";
  }

  private void event(String text) {
    events.add(new PostmortemEvent(now(), text));
    while (events.size() > MAX_EVENTS) {
      events.remove(0);
    }
    log.info("postmortem {}: {}", incidentId, text);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private record Deadline(Instant at, boolean escalation) {}
}
