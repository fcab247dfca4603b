package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.capabilities.Integration;
import io.incidentresponse.workflows.communication.ContactsMessage;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.diagnosis.DependencyTopics;
import io.incidentresponse.workflows.oncall.ContactsRequest;
import io.incidentresponse.workflows.oncall.EmergencyContact;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runbook's emergency contacts: posted in the incident channel when the diagnosis implicates an
 * outside dependency (cloud, CDN, database, DNS, a third party; each topic once), at once for a
 * security incident (the security contacts), and whenever a person asks ({@code shareContacts}).
 * The state keeps who was shared, for the postmortem.
 */
final class EmergencyContacts extends IncidentStep {
  /** Shares kept in the state; a person asking past it is still answered, not recorded. */
  static final int MAX_SHARES_KEPT = 50;

  /** Topics remembered as shared; past it a topic may be shared again, the state stays small. */
  static final int MAX_TOPICS_KEPT = 100;

  EmergencyContacts(IncidentContext ctx) {
    super(ctx);
  }

  /** A security incident shares the security contacts at once (under the version). */
  void shareForSecurityIfDue() {
    if (ctx.sharesContacts && s.security && !s.contactTopicsShared.contains("security")) {
      share(SYSTEM, newTopics(List.of("security")), "a security incident");
    }
  }

  /** The topics the latest diagnosis implicates, each shared once per incident. */
  void shareForDiagnosis() {
    if (!ctx.sharesContacts) {
      return;
    }
    List<String> topics = newTopics(DependencyTopics.of(s.diagnosis));
    if (!topics.isEmpty()) {
      share(SYSTEM, topics, "the diagnosis implicates " + String.join(", ", topics));
    }
  }

  /** A person asks for the contacts (of some topics, or all): shared even if shared before. */
  void shareContacts(ShareContactsRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.SHARE_CONTACTS);
      return;
    }
    if (blank(request.by())) {
      ctx.ignored(IncidentSignals.SHARE_CONTACTS, "by");
      return;
    }
    if (s.phase == Phase.CLOSED) {
      record(
          personName(request.by()),
          "Ignored " + IncidentSignals.SHARE_CONTACTS.signalName() + " signal",
          "The incident is closed");
      return;
    }
    String problem = request.topicsProblem();
    if (problem != null) {
      s.lastSignalNotUnderstood = IncidentSignals.SHARE_CONTACTS.signalName() + ": " + problem;
      record(
          SYSTEM,
          "Ignored " + IncidentSignals.SHARE_CONTACTS.signalName() + " signal: " + problem,
          "Send e.g. " + IncidentSignals.SHARE_CONTACTS.example());
      publish();
      return;
    }
    List<String> topics = new ArrayList<>();
    for (String topic : request.topics()) {
      String normal = topic.strip().toLowerCase(Locale.ROOT);
      if (!normal.isEmpty() && !topics.contains(normal)) {
        topics.add(normal);
      }
    }
    newTopics(topics);
    share(
        personName(request.by()),
        topics,
        topics.isEmpty() ? "asked for" : "asked for " + String.join(", ", topics));
  }

  /** The topics not shared yet, now marked shared. */
  private List<String> newTopics(List<String> topics) {
    List<String> fresh = new ArrayList<>();
    for (String topic : topics) {
      if (!s.contactTopicsShared.contains(topic)) {
        if (s.contactTopicsShared.size() < MAX_TOPICS_KEPT) {
          s.contactTopicsShared.add(topic);
        }
        fresh.add(topic);
      }
    }
    return fresh;
  }

  /** Asks the roster for the contacts and posts them once the channel is settled. */
  private void share(String by, List<String> topics, String reason) {
    if (by.equals(SYSTEM) && topics.isEmpty()) {
      return;
    }
    inBackground(
        () -> {
          List<EmergencyContact> contacts =
              attemptGet(
                  Integration.ROSTER,
                  "Emergency contacts",
                  () -> ctx.contacts().emergencyContacts(new ContactsRequest(topics)));
          if (contacts == null) {
            return;
          }
          if (contacts.isEmpty()) {
            record(by, "No emergency contacts for " + describe(topics), reason);
            publish();
            return;
          }
          Workflow.await(ctx.communication::channelSettled);
          IncidentBrief brief = brief();
          ContactsMessage message = new ContactsMessage(brief, contacts, reason);
          if (!attempt(
              Integration.CHAT,
              "Emergency contacts post",
              () -> ctx.chat().postContacts(message))) {
            publish();
            return;
          }
          List<String> names =
              contacts.stream()
                  .map(c -> Texts.truncated(c.name(), IncidentContext.MAX_NAME))
                  .toList();
          if (s.contactsShared.size() < MAX_SHARES_KEPT) {
            s.contactsShared.add(new ContactsShared(now(), by, topics, reason, names));
          }
          record(
              by,
              "Emergency contacts shared (" + describe(topics) + "): " + String.join(", ", names),
              reason);
          publish();
        });
  }

  private static String describe(List<String> topics) {
    return topics.isEmpty() ? "all" : String.join(", ", topics);
  }
}
