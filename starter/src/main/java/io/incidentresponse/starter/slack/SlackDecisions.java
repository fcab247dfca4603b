package io.incidentresponse.starter.slack;

import io.incidentresponse.starter.identity.ProofSigner;
import io.incidentresponse.starter.incident.IncidentDidNotAnswerException;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.incident.TemporalUnavailableException;
import io.incidentresponse.starter.slack.SlackInteraction.Decision;
import io.incidentresponse.starter.slack.SlackInteraction.Paged;
import io.incidentresponse.starter.slack.SlackPeople.LookupFailedException;
import io.incidentresponse.starter.slack.SlackPeople.Person;
import io.incidentresponse.workflows.identity.IdentityMethod;
import io.incidentresponse.workflows.identity.IdentityProof;
import io.incidentresponse.workflows.incident.AcknowledgeRequest;
import io.incidentresponse.workflows.incident.ApprovalResult;
import io.incidentresponse.workflows.incident.ApproveRequest;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.RejectRequest;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import jakarta.annotation.PreDestroy;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out a verified click (Approve, Reject, or a page's Acknowledge) after Slack has had its
 * answer (Slack waits 3 s; Temporal and {@code users.info} may take longer): finds the person,
 * signs a {@link IdentityProof} with {@link IdentityMethod#SLACK}, sends the workflow's {@code
 * approveAction} update or {@code reject} signal, and puts the outcome under the approval request.
 * A bounded pool: when it is full the click is refused at once (503), never queued without end.
 */
@Component
public class SlackDecisions {
  private static final Logger log = LoggerFactory.getLogger(SlackDecisions.class);

  static final int THREADS = 4;
  static final int QUEUE = 100;

  /** How often and how far apart the incident is asked whether a rejection took. */
  private static final int REJECT_CHECKS = 10;

  private static final long REJECT_CHECK_PAUSE_MS = 200;

  private final SlackPeople people;
  private final SlackReplies replies;
  private final ProofSigner signer;
  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final ThreadPoolExecutor pool;

  public SlackDecisions(
      SlackPeople people,
      SlackReplies replies,
      ProofSigner signer,
      WorkflowClient client,
      TemporalCalls calls) {
    this.people = people;
    this.replies = replies;
    this.signer = signer;
    this.client = client;
    this.calls = calls;
    AtomicInteger count = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread thread = new Thread(r, "slack-decisions-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  @PreDestroy
  void stop() {
    pool.shutdown();
  }

  /**
   * Carries out {@code click} in the background.
   *
   * @throws RejectedExecutionException when too many clicks wait already
   */
  public void submit(SlackInteraction click) {
    pool.execute(() -> decide(click));
  }

  private void decide(SlackInteraction click) {
    try {
      if (click.decision() == Decision.ACKNOWLEDGE) {
        acknowledge(click);
        return;
      }
      Optional<Person> person;
      try {
        person = people.find(click.userId());
      } catch (LookupFailedException e) {
        replies.onlyToThem(
            click,
            "Could not tell who you are: " + e.getMessage() + ". Nothing was done; try again.");
        return;
      }
      if (person.isEmpty()) {
        log.info("refused {}: the Slack user is not mapped to a person", click);
        replies.onlyToThem(
            click,
            "You are not mapped to a person who may decide here (Slack user "
                + click.userId()
                + "). Nothing was done; ask an admin to add you to"
                + " incident.slack.interactions.users.");
        return;
      }
      Outcome outcome = send(click, person.get());
      log.info("{}: {}", click, outcome.text());
      replies.outcome(click, outcome.text(), outcome.decided());
    } catch (RuntimeException e) {
      log.error("could not carry out {}", click, e);
      replies.onlyToThem(
          click, "Not done: the starter failed (" + e.getClass().getSimpleName() + "); try again.");
    }
  }

  /**
   * A page's Acknowledge button: the incident's {@code acknowledge} signal as the person the Slack
   * user is mapped to, else, when the user who clicked is the one paged, as the person paged (the
   * button says who). Anyone mapped may acknowledge, as in PagerDuty; the note records the Slack
   * user and whether they were the one paged. Anyone else changes nothing and is told so.
   */
  private void acknowledge(SlackInteraction click) {
    Optional<Person> mapped;
    LookupFailedException lookup = null;
    try {
      mapped = people.find(click.userId());
    } catch (LookupFailedException e) {
      mapped = Optional.empty();
      lookup = e;
    }
    Paged paged = click.paged();
    boolean thePaged = click.userId().equals(paged.slackUserId());
    String by = mapped.map(Person::name).orElse(thePaged ? paged.person() : null);
    if (by == null) {
      log.info("refused {}: the Slack user is not mapped to a person", click);
      replies.onlyToThem(
          click,
          lookup != null
              ? "Could not tell who you are: "
                  + lookup.getMessage()
                  + ". Nothing was done; try again."
              : "You are not mapped to a person here (Slack user "
                  + click.userId()
                  + "). Nothing was done; acknowledge with incidentctl ack, or ask an admin to add"
                  + " you to incident.slack.interactions.users.");
      return;
    }
    String note =
        "acknowledged in Slack by Slack user "
            + click.userId()
            + (thePaged ? ", the person paged" : ", not the person paged")
            + " at level "
            + paged.level()
            + " (verified: Slack signature)";
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, click.incidentId());
    Outcome outcome;
    try {
      calls.call(
          () -> {
            incident.acknowledge(new AcknowledgeRequest(by, note));
            return null;
          });
      outcome = new Outcome("Acknowledged by " + by + " (verified: Slack)", true);
    } catch (WorkflowNotFoundException e) {
      outcome =
          new Outcome("Not acknowledged: the incident " + click.incidentId() + " has ended", true);
    } catch (TemporalUnavailableException e) {
      outcome = notSent(e, "acknowledgement");
    }
    log.info("{}: {}", click, outcome.text());
    replies.outcome(click, outcome.text(), outcome.decided());
  }

  /** What happened, for the message; {@code decided} when the action was approved or rejected. */
  record Outcome(String text, boolean decided) {}

  private Outcome send(SlackInteraction click, Person person) {
    IdentityProof proof =
        signer
            .sign(
                person.name(),
                IdentityMethod.SLACK,
                person.roles(),
                click.incidentId(),
                click.actionId(),
                click.decision().word())
            .orElse(null);
    String how =
        proof == null
            ? "asserted: incident.identity.proof-key is not set"
            : IdentityMethod.SLACK.description();
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, click.incidentId());
    try {
      if (click.decision() == Decision.APPROVE) {
        ApprovalResult result =
            calls.ask(
                click.incidentId(),
                true,
                () ->
                    incident.approveAction(
                        new ApproveRequest(
                            click.actionId(), person.name(), "approved in Slack", proof)));
        return approved(person, how, result);
      }
      long before = entries(calls.ask(click.incidentId(), false, incident::state));
      calls.call(
          () -> {
            incident.reject(
                new RejectRequest(click.actionId(), person.name(), "rejected in Slack", proof));
            return null;
          });
      return rejected(click, person, how, incident, before);
    } catch (WorkflowUpdateException e) {
      return new Outcome("Refused: " + rootMessage(e), false);
    } catch (WorkflowNotFoundException e) {
      return new Outcome("Refused: the incident " + click.incidentId() + " is not running", true);
    } catch (IncidentDidNotAnswerException e) {
      return new Outcome(
          "Not confirmed: the incident did not answer in time; the "
              + click.decision().word()
              + " may still be applied. Check the incident before clicking again.",
          false);
    } catch (TemporalUnavailableException e) {
      return notSent(e, click.decision().word());
    }
  }

  /**
   * A call Temporal did not confirm: "nothing changed" only when it cannot have landed (refused or
   * unreachable); past the deadline it may have, and the person is told to look before clicking
   * again.
   */
  static Outcome notSent(TemporalUnavailableException e, String what) {
    if (e.outcomeUnknown()) {
      return new Outcome(
          "Not confirmed: Temporal did not answer in time; the "
              + what
              + " may still be applied. Check the incident before clicking again.",
          false);
    }
    return new Outcome("Not sent: Temporal cannot be reached. Nothing changed; try again.", false);
  }

  /**
   * The approval's outcome; the buttons stay while the action still waits (refused, or accepted as
   * one of several approvals the policy asks for).
   */
  private static Outcome approved(Person person, String how, ApprovalResult result) {
    boolean waits = result.status() == ActionStatus.AWAITING_APPROVAL;
    if (!result.accepted()) {
      return new Outcome("Refused: " + result.reason(), !waits);
    }
    // what the incident recorded wins: a worker without the starter's proof key says "asserted"
    String identity = result.identity() != null ? result.identity() : how;
    String approved = "Approved by " + person.name() + " (" + identity + ")";
    return waits
        ? new Outcome(approved + ": " + result.reason(), false)
        : new Outcome(approved, true);
  }

  /**
   * A rejection is a signal, which answers nothing: the incident is asked until the action shows
   * the rejection, or its timeline (entries after the first {@code before}) says why not.
   */
  private Outcome rejected(
      SlackInteraction click, Person person, String how, IncidentWorkflow incident, long before) {
    for (int i = 0; i < REJECT_CHECKS; i++) {
      IncidentState state = calls.ask(click.incidentId(), false, incident::state);
      MitigationAction action = action(state, click.actionId());
      if (action != null
          && action.status() == ActionStatus.REJECTED
          && person.name().equals(action.decidedBy())) {
        return new Outcome("Rejected by " + person.name() + " (" + how + ")", true);
      }
      String refusal = refusal(state, before, person.name(), click.actionId());
      if (refusal != null) {
        return new Outcome(
            "Refused: " + refusal,
            action == null || action.status() != ActionStatus.AWAITING_APPROVAL);
      }
      pause();
    }
    return new Outcome(
        "Not confirmed: the rejection by "
            + person.name()
            + " was sent but the incident has not shown it yet; see its timeline",
        false);
  }

  /** How many timeline entries the incident has had. */
  private static long entries(IncidentState state) {
    return state.timelineOmitted + state.timeline.size();
  }

  /**
   * Why the incident refused or ignored {@code person}'s rejection of {@code actionId}, from its
   * timeline entries after the first {@code before}; null when it has not said.
   */
  private static String refusal(IncidentState state, long before, String person, String actionId) {
    int first = (int) Math.max(0, before - state.timelineOmitted);
    for (int i = first; i < state.timeline.size(); i++) {
      TimelineEntry entry = state.timeline.get(i);
      String event = entry.event() == null ? "" : entry.event();
      if (person.equalsIgnoreCase(entry.actor())
          && (names(event, "Refused rejection of " + actionId)
              || names(event, "Refused rejection of unknown action " + actionId)
              || names(event, "Ignored rejection of " + actionId))) {
        int why = event.indexOf(": ");
        return why < 0 ? event : event.substring(why + 2);
      }
    }
    return null;
  }

  private static boolean names(String event, String start) {
    return event.equals(start) || event.startsWith(start + ":");
  }

  private static MitigationAction action(IncidentState state, String actionId) {
    for (MitigationAction action : state.actions) {
      if (action.id().equals(actionId)) {
        return action;
      }
    }
    return null;
  }

  private static void pause() {
    try {
      Thread.sleep(REJECT_CHECK_PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
