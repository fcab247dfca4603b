package io.incidentresponse.workflows.partner;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scheduled read of a partner feed found and did; the schedule hands it to the next run (its
 * last completion result), so an update already passed on is not passed on again.
 *
 * @param feed the feed's name
 * @param checkedAt when this run read it
 * @param seen provider incident id to the {@code updatedAt} last passed on, oldest first, bounded
 * @param open provider incidents unresolved at this read (ids), for the next run's "no longer
 *     listed"
 * @param events what this run did, for the history
 * @param noted per unresolved provider incident, the incidents that have the note of its latest
 *     update: an incident of a dependent service opened after that update gets it at the next read
 */
public record PartnerStatusReport(
    String feed,
    Instant checkedAt,
    LinkedHashMap<String, String> seen,
    List<String> open,
    List<String> events,
    Map<String, List<String>> noted) {

  public PartnerStatusReport {
    seen = seen == null ? new LinkedHashMap<>() : new LinkedHashMap<>(seen);
    open = open == null ? List.of() : List.copyOf(open);
    events = events == null ? List.of() : List.copyOf(events);
    noted = noted == null ? Map.of() : Map.copyOf(noted);
  }
}
