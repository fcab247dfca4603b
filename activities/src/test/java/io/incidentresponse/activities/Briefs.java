package io.incidentresponse.activities;

import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import java.time.Instant;

/** Incident briefs for activity tests. */
public final class Briefs {
  private Briefs() {}

  /** A P1 on checkout in namespace shop, opened 2026-11-26 14:00 UTC, just triggered. */
  public static final IncidentBrief CHECKOUT_P1 =
      new IncidentBrief(
          "incident-checkout-errors-abc123",
          "Checkout 5xx above 5%",
          "checkout",
          "shop",
          Severity.P1,
          Impact.HIGH,
          Phase.TRIGGERED,
          "incident-2026-11-26-1400",
          null,
          null,
          Instant.parse("2026-11-26T14:00:00Z"));
}
