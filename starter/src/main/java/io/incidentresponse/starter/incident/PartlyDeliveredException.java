package io.incidentresponse.starter.incident;

import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import java.util.List;

/**
 * Temporal was unavailable for some of a delivery's incidents while others accepted their alerts:
 * the caller gets 503 with Retry-After naming the incidents that have their alerts; the retried
 * delivery reaches every incident again, and those that had it drop it (same delivery id).
 */
public class PartlyDeliveredException extends TemporalUnavailableException {
  private final transient List<Delivery> accepted;
  private final int notAccepted;

  public PartlyDeliveredException(
      List<Delivery> accepted, int notAccepted, TemporalUnavailableException cause) {
    super(
        accepted.size()
            + " of "
            + (accepted.size() + notAccepted)
            + " incidents accepted their alerts; the others did not: "
            + cause.getMessage(),
        cause);
    this.accepted = List.copyOf(accepted);
    this.notAccepted = notAccepted;
  }

  /** The incidents (or maintenances) that did accept their alerts. */
  public List<Delivery> accepted() {
    return accepted;
  }

  /** How many groups of alerts Temporal did not accept. */
  public int notAccepted() {
    return notAccepted;
  }
}
