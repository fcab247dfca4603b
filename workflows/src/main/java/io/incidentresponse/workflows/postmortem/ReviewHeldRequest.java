package io.incidentresponse.workflows.postmortem;

/** {@code {"by":"alice","notes":"3 action items agreed"}}. */
public record ReviewHeldRequest(String by, String notes) {}
