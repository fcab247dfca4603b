package io.incidentresponse.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {

  @Test
  void leftOut_isNotConfiguredAndWaitsUpToFourMinutes() {
    AwsSettings settings = new AwsSettings(null, " ", "", null, null);

    assertThat(settings.configured()).isFalse();
    assertThat(settings.region()).isNull();
    assertThat(settings.endpoint()).isNull();
    assertThat(settings.replacementTimeout()).isEqualTo(Duration.ofMinutes(4));
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aWaitLongerThanOneAttemptOfTheActivity_isRefusedAtStartUpNamingTheProperty() {
    assertThatThrownBy(
            () -> new AwsSettings(List.of("eks-workers"), null, null, Duration.ofMinutes(10), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incident.aws.replacement-timeout must be at most PT4M");
  }

  @Test
  void anEndpointThatIsNoUrl_isRefusedNamingTheProperty() {
    assertThatThrownBy(
            () -> new AwsSettings(List.of("eks-workers"), null, "localhost:5000", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incident.aws.endpoint must be an absolute http:// or https:// URL");
  }

  @Test
  void groups_areTrimmedAndBlanksDropped() {
    AwsSettings settings = new AwsSettings(List.of(" eks-workers ", ""), null, null, null, null);

    assertThat(settings.autoScalingGroups()).containsExactly("eks-workers");
    assertThat(settings.allowsGroup("eks-workers")).isTrue();
    assertThat(settings.allowsGroup("eks-batch")).isFalse();
  }
}
