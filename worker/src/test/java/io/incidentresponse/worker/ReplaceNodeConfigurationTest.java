package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.activities.aws.AwsSettings;
import io.incidentresponse.activities.mitigation.MitigationRouter;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** REPLACE_NODE is served when Kubernetes is enabled and an auto-scaling group is allowed. */
@SpringBootTest(
    properties = {
      "spring.temporal.test-server.enabled=true",
      "incident.kubernetes.enabled=true",
      "incident.aws.auto-scaling-groups=eks-workers, eks-batch",
      "incident.aws.region=eu-west-1",
      "incident.aws.endpoint=https://autoscaling.eu-west-1.amazonaws.com",
      "incident.aws.replacement-timeout=3m"
    })
class ReplaceNodeConfigurationTest {
  @Autowired MitigationActivities mitigation;
  @Autowired AwsSettings aws;

  @Test
  void withKubernetesAndAnAllowedGroup_replaceNodeIsServedBesideTheDrain() {
    assertThat(((MitigationRouter) mitigation).served())
        .contains(ActionType.DRAIN_NODE, ActionType.REPLACE_NODE);
    assertThat(aws.autoScalingGroups()).containsExactly("eks-workers", "eks-batch");
    assertThat(aws.region()).isEqualTo("eu-west-1");
    assertThat(aws.replacementTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(aws.pollInterval()).isEqualTo(Duration.ofSeconds(10));
  }
}
