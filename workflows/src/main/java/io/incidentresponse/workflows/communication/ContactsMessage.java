package io.incidentresponse.workflows.communication;

import io.incidentresponse.workflows.oncall.EmergencyContact;
import java.util.List;

/**
 * Emergency contacts to post in the incident channel.
 *
 * @param brief the incident (its channel)
 * @param contacts who to call, with how to reach them
 * @param reason why they are shared, e.g. {@code the diagnosis implicates the database}
 */
public record ContactsMessage(IncidentBrief brief, List<EmergencyContact> contacts, String reason) {
  public ContactsMessage {
    contacts = contacts == null ? List.of() : List.copyOf(contacts);
  }
}
