package io.incidentresponse.workflows.policy;

/**
 * What the policy knows about one service.
 *
 * @param tier its criticality
 * @param userFacing whether its trouble is shown on the public status page
 * @param statusPageComponent the status-page component id or name, or null
 */
public record ServiceProfile(ServiceTier tier, boolean userFacing, String statusPageComponent) {
  public ServiceProfile {
    tier = tier == null ? ServiceTier.STANDARD : tier;
  }

  public static ServiceProfile standard() {
    return new ServiceProfile(ServiceTier.STANDARD, false, null);
  }
}
