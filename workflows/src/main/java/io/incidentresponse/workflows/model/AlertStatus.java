package io.incidentresponse.workflows.model;

public enum AlertStatus {
  FIRING,
  RESOLVED
}
