package io.incidentresponse.workflows.oncall;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The on-call roster: teams, rotations, overrides, imported calendars, roles and emergency
 * contacts, from the worker's configuration ({@code incident.oncall.*}). Every method only reads
 * the roster (and the calendars it imports), so each is safe to retry; answers depend on the
 * instant asked for, never on when the call runs.
 *
 * <p>A roster that is not configured answers with empty shifts, a target without a person (with its
 * {@code problem}), no hand-offs and no contacts: nothing fails because nobody set it up. A
 * calendar that cannot be read is a retryable failure of the call that needs it.
 */
@ActivityInterface
public interface OnCallActivities {

  /** Who is on call for a team (or every team) at an instant, with the next hand-off. */
  OnCallAnswer whoIsOnCall(OnCallQuery query);

  /** The person an escalation level means for a service at an instant. */
  EscalationTarget resolveTarget(EscalationTargetRequest request);

  /** Every rotation's hand-offs in a window, in time order. */
  List<Handoff> handoffs(HandoffQuery query);

  /** The emergency contacts relevant to the topics, internal ones first, in configuration order. */
  List<EmergencyContact> emergencyContacts(ContactsRequest request);
}
