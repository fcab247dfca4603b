package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.worker.WorkerOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worker's activity pollers and eager activities: a round of probes needs no waiting poller.
 */
class ActivityDispatchTest {

  private static ActivityDispatch fromEnvironment(Map<String, Object> variables) {
    return WorkerTuningTest.bind(variables, ActivityDispatch.class);
  }

  @Test
  void defaults_giveEveryProbeOfARoundAPollerAndAnEagerSlot_notTheSdks5And3() {
    WorkerOptions options =
        fromEnvironment(Map.of())
            .applyTo(WorkerOptions.newBuilder())
            .validateAndBuildWithDefaults();

    assertThat(options.getMaxConcurrentActivityTaskPollers()).isEqualTo(12);
    assertThat(options.getMaxEagerActivityReservationsPerWorkflowTask()).isEqualTo(12);
    assertThat(options.isEagerExecutionDisabled()).isFalse();
    assertThat(WorkerOptions.newBuilder().validateAndBuildWithDefaults())
        .satisfies(
            sdk -> {
              assertThat(sdk.getMaxConcurrentActivityTaskPollers()).isEqualTo(5);
              assertThat(sdk.getMaxEagerActivityReservationsPerWorkflowTask()).isEqualTo(3);
            });
  }

  @Test
  void settingsFromTheEnvironment_areAppliedAndZeroTurnsEagerActivitiesOff() {
    ActivityDispatch dispatch =
        fromEnvironment(
            Map.of(
                "INCIDENT_WORKER_ACTIVITY_TASK_POLLERS", "20",
                "INCIDENT_WORKER_EAGER_ACTIVITIES", "0"));

    WorkerOptions options =
        dispatch.applyTo(WorkerOptions.newBuilder()).validateAndBuildWithDefaults();

    assertThat(options.getMaxConcurrentActivityTaskPollers()).isEqualTo(20);
    assertThat(options.isEagerExecutionDisabled()).isTrue();
    assertThat(dispatch.describe())
        .isEqualTo(
            "20 activity task pollers (incident.worker.activity-task-pollers), no eager activities"
                + " (incident.worker.eager-activities=0)");
  }

  @Test
  void noPoller_isRefusedNamingTheProperty() {
    assertThatThrownBy(() -> fromEnvironment(Map.of("INCIDENT_WORKER_ACTIVITY_TASK_POLLERS", "0")))
        .rootCause()
        .hasMessage("incident.worker.activity-task-pollers must be at least 1, was 0");
  }
}
