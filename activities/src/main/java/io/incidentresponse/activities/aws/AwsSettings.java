package io.incidentresponse.activities.aws;

import static io.incidentresponse.activities.SettingChecks.blank;
import static io.incidentresponse.activities.SettingChecks.httpUrl;
import static io.incidentresponse.activities.SettingChecks.positive;

import io.incidentresponse.workflows.mitigation.MitigationActivities;
import java.time.Duration;
import java.util.List;

/**
 * How the worker replaces a node in an AWS auto-scaling group ({@code incident.aws.*}). Credentials
 * are not settings: the AWS SDK's default chain finds them (environment {@code AWS_ACCESS_KEY_ID} /
 * {@code AWS_SECRET_ACCESS_KEY}, {@code ~/.aws/credentials}, web identity (EKS IRSA), the instance
 * profile), and nothing here or in the log repeats them.
 *
 * @param autoScalingGroups the auto-scaling groups whose instances REPLACE_NODE may terminate;
 *     empty (the default) leaves REPLACE_NODE not configured
 * @param region the AWS region of the groups; blank takes the SDK's default chain ({@code
 *     AWS_REGION}, {@code ~/.aws/config}, instance metadata)
 * @param endpoint the auto-scaling API endpoint instead of AWS's own: a VPC endpoint, or a local
 *     test endpoint such as moto; blank for AWS's
 * @param replacementTimeout how long to wait, after the terminate call, for a replacement node to
 *     be Ready in Kubernetes; default 4 min, at most {@link #MAX_REPLACEMENT_TIMEOUT} so the drain,
 *     the terminate call and the wait fit in one attempt of the mitigation activity
 * @param pollInterval how often to look for the replacement while waiting; default 10 s
 */
public record AwsSettings(
    List<String> autoScalingGroups,
    String region,
    String endpoint,
    Duration replacementTimeout,
    Duration pollInterval) {

  /**
   * The mitigation activity's start-to-close timeout, less a minute for the drain and the calls.
   */
  public static final Duration MAX_REPLACEMENT_TIMEOUT =
      MitigationActivities.RUN_OPTIONS.getStartToCloseTimeout().minusMinutes(1);

  public AwsSettings {
    autoScalingGroups =
        autoScalingGroups == null
            ? List.of()
            : autoScalingGroups.stream().map(String::strip).filter(g -> !g.isEmpty()).toList();
    region = blank(region) ? null : region.strip();
    endpoint = httpUrl("incident.aws.endpoint", endpoint);
    replacementTimeout =
        positive("incident.aws.replacement-timeout", replacementTimeout, MAX_REPLACEMENT_TIMEOUT);
    if (replacementTimeout.compareTo(MAX_REPLACEMENT_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "incident.aws.replacement-timeout must be at most "
              + MAX_REPLACEMENT_TIMEOUT
              + " (the mitigation activity's start-to-close timeout less a minute), was "
              + replacementTimeout);
    }
    pollInterval = positive("incident.aws.poll-interval", pollInterval, Duration.ofSeconds(10));
  }

  /** REPLACE_NODE is served when at least one group is allowed (and Kubernetes is enabled). */
  public boolean configured() {
    return !autoScalingGroups.isEmpty();
  }

  public boolean allowsGroup(String group) {
    return autoScalingGroups.contains(group);
  }
}
