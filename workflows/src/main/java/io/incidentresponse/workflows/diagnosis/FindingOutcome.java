package io.incidentresponse.workflows.diagnosis;

public enum FindingOutcome {
  /** The probe looked and saw nothing wrong. */
  HEALTHY,
  /** The probe saw something wrong; the evidence says what. */
  ANOMALY,
  /** The probe could not look: it failed or timed out. The summary says why. */
  UNAVAILABLE
}
