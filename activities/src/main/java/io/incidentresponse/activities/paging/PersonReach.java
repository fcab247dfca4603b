package io.incidentresponse.activities.paging;

import io.incidentresponse.activities.slack.SlackDirectMessages;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message to one person by Slack direct message and e-mail, each where this worker has it
 * configured and the person has it (a Slack user id, an address): pages and hand-off reminders.
 *
 * <p>Reached by at least one channel is success, answering the channels that worked; a channel that
 * failed is logged with its reason. Nothing worked: a failure naming the person and each channel's
 * reason, retryable (after the longest delay a channel asked for) unless every channel failed for
 * good. A person with no channel this worker can use is NOT_CONFIGURED, naming what is missing.
 */
final class PersonReach {
  private static final Logger log = LoggerFactory.getLogger(PersonReach.class);
  static final String VIA_SLACK = "Slack DM";
  static final String VIA_MAIL = "e-mail";

  private final SlackDirectMessages slack;
  private final PageMailer mail;

  /**
   * @param slack direct messages, or null when Slack is not configured
   * @param mail e-mail, or null when SMTP is not configured
   */
  PersonReach(SlackDirectMessages slack, PageMailer mail) {
    this.slack = slack;
    this.mail = mail;
  }

  /** The channels this worker reaches people by, e.g. {@code [Slack DM, e-mail]}. */
  List<String> channels() {
    List<String> channels = new ArrayList<>();
    if (slack != null) {
      channels.add(VIA_SLACK);
    }
    if (mail != null) {
      channels.add(VIA_MAIL);
    }
    return channels;
  }

  /**
   * Sends to {@code person} by each channel both sides have: {@code bySlack} (which uses the
   * person's Slack user id) and the e-mail {@code byMail} makes; answers the channels that worked.
   *
   * @param what the message's kind in failures, e.g. {@code page}
   */
  List<String> reach(
      String what, OnCallPerson person, Runnable bySlack, Supplier<PageMail> byMail) {
    boolean toSlack = slack != null && !blank(person.slackUserId());
    boolean toMail = mail != null && !blank(person.email());
    if (!toSlack && !toMail) {
      throw ExpectedFailures.notConfigured(noChannel(what, person));
    }
    List<String> via = new ArrayList<>();
    List<ApplicationFailure> failed = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    if (toSlack) {
      attempt(VIA_SLACK, what, person, bySlack, via, failed, reasons);
    }
    if (toMail) {
      attempt(VIA_MAIL, what, person, () -> mail.send(byMail.get()), via, failed, reasons);
    }
    if (!via.isEmpty()) {
      return via;
    }
    String message = "could not " + what + " " + name(person) + ": " + String.join("; ", reasons);
    if (failed.stream().allMatch(ApplicationFailure::isNonRetryable)) {
      throw ApplicationFailure.newNonRetryableFailure(message, failed.get(0).getType());
    }
    Duration delay =
        failed.stream()
            .map(ApplicationFailure::getNextRetryDelay)
            .filter(d -> d != null)
            .max(Duration::compareTo)
            .orElse(null);
    throw ApplicationFailure.newFailureWithCauseAndDelay(
        message, FailureType.UNAVAILABLE.type(), null, delay);
  }

  /** Runs one channel; what worked goes to {@code via}, what failed to {@code failed}. */
  private static void attempt(
      String channel,
      String what,
      OnCallPerson person,
      Runnable send,
      List<String> via,
      List<ApplicationFailure> failed,
      List<String> reasons) {
    try {
      send.run();
      via.add(channel);
    } catch (ActivityCompletionException cancelled) {
      throw cancelled;
    } catch (ApplicationFailure e) {
      log.warn(
          "{} to {} by {} failed: {} {}",
          what,
          name(person),
          channel,
          e.getType(),
          e.getOriginalMessage());
      failed.add(e);
      reasons.add(channel + " failed (" + e.getType() + ": " + e.getOriginalMessage() + ")");
    } catch (RuntimeException e) {
      log.warn("{} to {} by {} failed", what, name(person), channel, e);
      failed.add(
          ApplicationFailure.newFailure(
              channel + " failed: " + e.getClass().getSimpleName(),
              FailureType.UNAVAILABLE.type()));
      reasons.add(channel + " failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private String noChannel(String what, OnCallPerson person) {
    List<String> missing = new ArrayList<>();
    missing.add(slack == null ? "Slack is not configured (SLACK_BOT_TOKEN)" : "no Slack user id");
    missing.add(mail == null ? "e-mail is not configured (SPRING_MAIL_HOST)" : "no e-mail address");
    return "cannot " + what + " " + name(person) + ": " + String.join(", ", missing);
  }

  /** The person as logs and failures name them: id and a bounded display name. */
  static String name(OnCallPerson person) {
    String display = PageTexts.plain(person.displayName(), PageTexts.MAX_NAME);
    return person.id() == null || person.id().equals(display)
        ? display
        : display + " (" + PageTexts.plain(person.id(), PageTexts.MAX_NAME) + ")";
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
