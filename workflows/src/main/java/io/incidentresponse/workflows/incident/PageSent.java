package io.incidentresponse.workflows.incident;

import java.time.Instant;
import java.util.List;

/**
 * One page the incident sent: the state keeps them in order for the state query, the details and
 * the postmortem.
 *
 * @param level the escalation level's index (0 for the first responder; the security lead, paged
 *     beside level 0, is 0 too)
 * @param label the level's label from the policy (e.g. {@code secondary-oncall}, {@code
 *     security-lead})
 * @param person who the roster resolved the level to (display name), or null when nobody: then the
 *     paging system's own escalation paged the level
 * @param how how the person was found (e.g. {@code rotation payments-primary}), or why nobody was
 * @param via how the page reached them, one entry per channel; empty when the paging system did not
 *     say
 * @param at when the page went out
 */
public record PageSent(
    int level, String label, String person, String how, List<String> via, Instant at) {
  public PageSent {
    via = via == null ? List.of() : List.copyOf(via);
  }

  /**
   * The timeline's words for it, e.g. {@code Paged Alice Smith (primary-oncall; rotation
   * payments-primary) by Slack DM, e-mail}; without a person, {@code Paged primary-oncall}.
   */
  String describe() {
    StringBuilder line = new StringBuilder("Paged ");
    if (person == null) {
      line.append(label);
    } else {
      line.append(person).append(" (").append(label);
      if (how != null && !how.isBlank()) {
        line.append("; ").append(how);
      }
      line.append(')');
    }
    if (!via.isEmpty()) {
      line.append(" by ").append(String.join(", ", via));
    }
    return line.toString();
  }
}
