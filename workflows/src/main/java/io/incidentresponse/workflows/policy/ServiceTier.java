package io.incidentresponse.workflows.policy;

/** How much a service matters to users; drives severity classification. */
public enum ServiceTier {
  /** Core path: gateway, payments, login. An outage here is a P0. */
  CRITICAL,
  /** Important functionality. */
  HIGH,
  /** Ordinary service (the default). */
  STANDARD,
  /** Internal or non-critical. */
  LOW
}
