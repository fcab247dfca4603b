package io.incidentresponse.workflows.communication;

/**
 * How urgently a page calls people, set per severity by the response policy: {@link #HIGH} wakes
 * the on-call at any hour, {@link #LOW} notifies without waking (PagerDuty's low urgency).
 */
public enum PageUrgency {
  HIGH,
  LOW
}
