package io.incidentresponse.activities.aws;

import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClientBuilder;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;

/**
 * The three auto-scaling calls REPLACE_NODE makes, with their failures classified ({@link
 * AwsFailures}): which group an instance is in, a group's capacity and instances, and terminating
 * an instance without decrementing the group's desired capacity (so the group launches a
 * replacement).
 */
public final class AutoScalingGroups {

  /**
   * An instance of a group, as the group sees it (lifecycle {@code InService}, {@code Pending}…).
   */
  record Member(String instanceId, String lifecycleState, String healthStatus) {
    boolean inService() {
      return "InService".equals(lifecycleState);
    }
  }

  /** Which group an instance belongs to, and its state there. */
  record Membership(String group, Member member) {}

  /** A group's capacity and instances, in instance-id order. */
  record Group(String name, int desired, int min, int max, List<Member> instances) {
    long inService() {
      return instances.stream().filter(Member::inService).count();
    }

    boolean has(String instanceId) {
      return instances.stream().anyMatch(m -> m.instanceId().equals(instanceId));
    }

    /** {@code i-1 InService, i-2 Pending}, for messages and results. */
    String describeInstances() {
      return instances.isEmpty()
          ? "none"
          : String.join(
              ", ",
              instances.stream().map(m -> m.instanceId() + " " + m.lifecycleState()).toList());
    }
  }

  private final AutoScalingClient client;

  public AutoScalingGroups(AutoScalingClient client) {
    this.client = client;
  }

  /**
   * A client for {@code settings}, credentials from {@code credentials}. Lean and bounded: the
   * JDK's HTTP client, 5 s to connect, 10 s per attempt, 25 s per call (the SDK's standard retries,
   * three attempts, inside it); Temporal's retry policy paces the rest.
   */
  public static AutoScalingClient client(AwsSettings settings, AwsCredentialsProvider credentials) {
    AutoScalingClientBuilder builder =
        AutoScalingClient.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(10)))
            .credentialsProvider(credentials)
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(RetryMode.STANDARD)
                    .apiCallAttemptTimeout(Duration.ofSeconds(10))
                    .apiCallTimeout(Duration.ofSeconds(25))
                    .build());
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    if (settings.endpoint() != null) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "incident.aws: cannot build the AWS auto-scaling client ("
              + e.getMessage()
              + "); set incident.aws.region (or AWS_REGION)",
          e);
    }
  }

  /** A client with the SDK's default credentials chain (environment, files, web identity, role). */
  public static AutoScalingClient client(AwsSettings settings) {
    return client(settings, DefaultCredentialsProvider.builder().build());
  }

  /** The group {@code instanceId} is in, or empty when it is in none. */
  Optional<Membership> membership(String instanceId) {
    List<AutoScalingInstanceDetails> found =
        AwsFailures.call(
            "describe auto-scaling instance " + instanceId,
            () ->
                client
                    .describeAutoScalingInstances(r -> r.instanceIds(instanceId))
                    .autoScalingInstances());
    return found.stream()
        .filter(d -> instanceId.equals(d.instanceId()))
        .findFirst()
        .map(
            d ->
                new Membership(
                    d.autoScalingGroupName(),
                    new Member(d.instanceId(), d.lifecycleState(), d.healthStatus())));
  }

  /** The group called {@code name}; NOT_FOUND when AWS has none. */
  Group group(String name) {
    List<AutoScalingGroup> groups =
        AwsFailures.call(
            "describe auto-scaling group " + name,
            () ->
                client
                    .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
                    .autoScalingGroups());
    AutoScalingGroup group =
        groups.stream()
            .filter(g -> name.equals(g.autoScalingGroupName()))
            .findFirst()
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "auto-scaling group " + name + " not found", FailureType.NOT_FOUND.type()));
    List<Member> members =
        group.instances().stream()
            .map(i -> new Member(i.instanceId(), i.lifecycleStateAsString(), i.healthStatus()))
            .sorted(Comparator.comparing(Member::instanceId))
            .toList();
    return new Group(name, group.desiredCapacity(), group.minSize(), group.maxSize(), members);
  }

  /**
   * Terminates {@code instanceId} and keeps the group's desired capacity: a replacement follows.
   */
  void terminateKeepingCapacity(String instanceId) {
    AwsFailures.call(
        "terminate instance " + instanceId + " in its auto-scaling group",
        () ->
            client.terminateInstanceInAutoScalingGroup(
                r -> r.instanceId(instanceId).shouldDecrementDesiredCapacity(false)));
  }
}
