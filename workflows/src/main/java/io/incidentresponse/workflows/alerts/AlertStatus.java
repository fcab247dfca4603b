package io.incidentresponse.workflows.alerts;

public enum AlertStatus {
  FIRING,
  RESOLVED
}
