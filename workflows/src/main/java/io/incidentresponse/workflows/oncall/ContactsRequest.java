package io.incidentresponse.workflows.oncall;

import java.util.List;

/**
 * Which emergency contacts are relevant.
 *
 * @param topics words to match against each contact's {@code covers} (e.g. {@code cdn} from a CDN
 *     finding, {@code security} for a security incident); empty or null for every contact
 */
public record ContactsRequest(List<String> topics) {
  public ContactsRequest {
    topics = topics == null ? List.of() : List.copyOf(topics);
  }
}
