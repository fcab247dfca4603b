package io.incidentresponse.workflows.incident;

import java.util.Locale;
import java.util.Optional;

/** User impact from the runbook's impact assessment; a lower ordinal is a larger impact. */
public enum Impact {
  /** All users affected, core functionality unavailable. */
  CRITICAL,
  /** Many users affected, important functionality unavailable. */
  HIGH,
  /** Some users affected, workarounds available. */
  MEDIUM,
  /** Few users affected, minimal impact. */
  LOW;

  /** What users may experience, in the words of the public status-page template. */
  public String userImpact() {
    return switch (this) {
      case CRITICAL -> "core functionality being unavailable";
      case HIGH -> "important functionality being unavailable or failing";
      case MEDIUM -> "degraded functionality, with workarounds available";
      case LOW -> "minimal disruption";
    };
  }

  public boolean isAtLeast(Impact other) {
    return ordinal() <= other.ordinal();
  }

  /** The impact that a severity implies when no label says otherwise. */
  public static Impact of(Severity severity) {
    return values()[severity.ordinal()];
  }

  public static Optional<Impact> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.trim().toUpperCase(Locale.ROOT);
    for (Impact impact : values()) {
      if (impact.name().equals(value)) {
        return Optional.of(impact);
      }
    }
    return Optional.empty();
  }
}
