package io.incidentresponse.workflows.policy;

/**
 * What the policy knows about one service.
 *
 * @param tier its criticality
 * @param userFacing whether its trouble is shown on the public status page
 * @param statusPageComponent the status-page component id or name, or null
 * @param availabilityTarget its availability SLO, e.g. {@code 0.999}, or null when it has none; an
 *     incident's downtime is reported as a share of the 30-day error budget this target allows
 * @param team the team that owns the service: whose rotations its escalation levels page, or null
 *     (then the roster's own service-to-team map, else its default team). One constructor only:
 *     Spring binds {@code incident.policy.services.*} through it, and a second one made the binder
 *     skip the whole profile
 */
public record ServiceProfile(
    ServiceTier tier,
    boolean userFacing,
    String statusPageComponent,
    Double availabilityTarget,
    String team) {

  public ServiceProfile {
    tier = tier == null ? ServiceTier.STANDARD : tier;
    if (availabilityTarget != null && (availabilityTarget <= 0 || availabilityTarget >= 1)) {
      throw new IllegalArgumentException(
          "availabilityTarget must be between 0 and 1 (e.g. 0.999), was " + availabilityTarget);
    }
  }

  public static ServiceProfile standard() {
    return new ServiceProfile(ServiceTier.STANDARD, false, null, null, null);
  }

  /** {@code downtime} as a share of the 30-day error budget, or null without a target. */
  public Double errorBudgetBurned(java.time.Duration downtime) {
    if (availabilityTarget == null || downtime == null) {
      return null;
    }
    double budgetSeconds = java.time.Duration.ofDays(30).toSeconds() * (1 - availabilityTarget);
    return downtime.toSeconds() / budgetSeconds;
  }
}
