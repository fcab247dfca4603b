package io.incidentresponse.workflows.incident;

import java.time.Instant;
import java.util.List;

/**
 * Emergency contacts posted in the incident channel: kept in the state for the postmortem.
 *
 * @param at when they were posted
 * @param by who asked ({@code system} when the diagnosis or a security incident did)
 * @param topics the topics asked for (empty: every contact)
 * @param reason why, e.g. {@code the diagnosis implicates the database}
 * @param contacts the contacts' names, in the order posted
 */
public record ContactsShared(
    Instant at, String by, List<String> topics, String reason, List<String> contacts) {
  public ContactsShared {
    topics = topics == null ? List.of() : List.copyOf(topics);
    contacts = contacts == null ? List.of() : List.copyOf(contacts);
  }
}
