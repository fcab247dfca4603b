package io.incidentresponse.workflows.incident;

import java.util.Locale;
import java.util.Optional;

/** Incident severity from the runbook; a lower ordinal is more severe. */
public enum Severity {
  /** Complete service outage or security breach. */
  P0,
  /** Major functionality impacted. */
  P1,
  /** Minor functionality impacted. */
  P2,
  /** No immediate user impact. */
  P3;

  /** Leadership is told about P0 and P1 incidents. */
  public boolean notifiesLeadership() {
    return this == P0 || this == P1;
  }

  public boolean isMoreSevereThan(Severity other) {
    return ordinal() < other.ordinal();
  }

  /** Parses {@code P1}, {@code p1} or {@code 1}; anything else is empty. */
  public static Optional<Severity> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.trim().toUpperCase(Locale.ROOT);
    if (value.length() == 1) {
      value = "P" + value;
    }
    for (Severity severity : values()) {
      if (severity.name().equals(value)) {
        return Optional.of(severity);
      }
    }
    return Optional.empty();
  }
}
