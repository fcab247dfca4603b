package io.incidentresponse.workflows.identity;

import io.incidentresponse.workflows.mitigation.RiskClass;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person may do, from configuration (API keys) or token claims (OIDC), written in lower case
 * with dashes ({@code approver-high}). A role grants the roles below it: an admin everything, a
 * commander a responder's rights, an approver of a risk the approvals of lower risks.
 *
 * <ul>
 *   <li>responder: acknowledge, note, request actions, mark mitigated, record impact;
 *   <li>commander: also resolve, mark a false positive, set the severity, assign roles, reopen;
 *   <li>approver-low / -medium / -high: approve or reject actions of that risk or lower;
 *   <li>admin: all of them.
 * </ul>
 */
public enum AccessRole {
  RESPONDER,
  COMMANDER,
  APPROVER_LOW,
  APPROVER_MEDIUM,
  APPROVER_HIGH,
  ADMIN;

  /** Whether a person holding this role holds {@code needed} too. */
  public boolean grants(AccessRole needed) {
    if (this == needed || this == ADMIN) {
      return true;
    }
    return switch (needed) {
      case RESPONDER -> this == COMMANDER;
      case APPROVER_LOW -> this == APPROVER_MEDIUM || this == APPROVER_HIGH;
      case APPROVER_MEDIUM -> this == APPROVER_HIGH;
      default -> false;
    };
  }

  /** Whether any of {@code roles} grants {@code needed}. */
  public static boolean anyGrants(Collection<AccessRole> roles, AccessRole needed) {
    return roles != null && roles.stream().anyMatch(r -> r != null && r.grants(needed));
  }

  /** The role an approver of {@code risk} needs. */
  public static AccessRole approverOf(RiskClass risk) {
    return switch (risk) {
      case LOW -> APPROVER_LOW;
      case MEDIUM -> APPROVER_MEDIUM;
      case HIGH -> APPROVER_HIGH;
    };
  }

  /** {@code approver-high}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * From {@code approver-high}, {@code APPROVER_HIGH} or {@code approver_high}; empty if unknown.
   */
  public static Optional<AccessRole> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (AccessRole role : values()) {
      if (role.name().equals(name)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
