package io.incidentresponse.workflows.model;

/** Incident roles a person can be assigned to. */
public enum Role {
  INCIDENT_COMMANDER,
  COMMUNICATIONS_LEAD,
  SCRIBE,
  OPERATIONS_LEAD
}
