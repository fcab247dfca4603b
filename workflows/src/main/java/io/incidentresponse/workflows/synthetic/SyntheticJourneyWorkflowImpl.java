package io.incidentresponse.workflows.synthetic;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.detection.DetectionActivities;
import io.incidentresponse.workflows.detection.DetectionActivities.ClearAlertRequest;
import io.incidentresponse.workflows.detection.ScheduledAlerts;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.health.IncidentOpening;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the journey once; the previous run's {@link JourneyStatus} (the schedule's last completion
 * result) carries the failures in a row and the incident of a raised alert. While the journey has
 * failed {@code failuresBeforeAlert} runs in a row, every run raises its alert (opening an
 * incident, or joining the running one, so a closed incident is opened again when the journey still
 * fails); the first passing run resolves it. A probe that could not run at all (the activity failed
 * after its retries) changes nothing: the count and the alert are carried unchanged.
 */
public class SyntheticJourneyWorkflowImpl implements SyntheticJourneyWorkflow {
  private static final Duration ACTIVITY_SLACK = Duration.ofSeconds(10);

  private final DetectionActivities door =
      Workflow.newActivityStub(DetectionActivities.class, DetectionActivities.OPTIONS);

  @Override
  public JourneyStatus run(SyntheticJourneyRequest request) {
    Journey journey = request.journey();
    JourneyStatus previous = Workflow.getLastCompletionResult(JourneyStatus.class);
    int failures = previous == null ? 0 : previous.consecutiveFailures();
    Instant failingSince = previous == null ? null : previous.failingSince();
    String incidentId = previous == null ? null : previous.alertIncidentId();
    List<String> events = new ArrayList<>();
    JourneyRun run;
    try {
      run = probe(journey).runJourney(journey);
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      events.add("the journey could not run: " + Failures.describe(e));
      return new JourneyStatus(
          journey.name(), journey.service(), null, failures, failingSince, incidentId, events);
    }
    if (run.passed()) {
      if (incidentId != null) {
        events.add(clear(request, run, incidentId, failingSince));
      }
      return new JourneyStatus(journey.name(), journey.service(), run, 0, null, null, events);
    }
    failures++;
    failingSince = failingSince == null ? run.at() : failingSince;
    if (failures >= journey.failuresBeforeAlert()) {
      Alert alert = alert(journey, run, failures, failingSince, AlertStatus.FIRING);
      try {
        IncidentOpening opening =
            door.raiseAlert(
                ScheduledAlerts.openRequest(
                    alert, journey.service(), request.keys(), request.policy(), SOURCE));
        events.add(opening.line(journey.service()));
        if (opening.incidentId() != null
            && opening.outcome() != IncidentOpening.Outcome.UNDER_MAINTENANCE) {
          incidentId = opening.incidentId();
        }
      } catch (ActivityFailure e) {
        Failures.rethrowIfCanceled(e);
        events.add(
            journey.service()
                + ": failing, but no incident could be opened or joined: "
                + Failures.describe(e));
      }
    } else {
      events.add(
          "failed "
              + failures
              + " of "
              + journey.failuresBeforeAlert()
              + " run(s) in a row before the alert is raised");
    }
    return new JourneyStatus(
        journey.name(), journey.service(), run, failures, failingSince, incidentId, events);
  }

  private String clear(
      SyntheticJourneyRequest request, JourneyRun run, String incidentId, Instant failingSince) {
    Journey journey = request.journey();
    Alert resolved = alert(journey, run, 0, failingSince, AlertStatus.RESOLVED);
    try {
      boolean sent =
          door.clearAlert(
              new ClearAlertRequest(incidentId, resolved, ScheduledAlerts.deliveryId(SOURCE)));
      return sent
          ? "passed again: resolved the alert on " + incidentId
          : "passed again; " + incidentId + " is closed already";
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      return "passed again, but the alert on "
          + incidentId
          + " could not be resolved: "
          + Failures.describe(e);
    }
  }

  /**
   * Per journey: its steps' call timeouts plus slack; three attempts for a crash, not a finding.
   */
  private static SyntheticJourneyActivities probe(Journey journey) {
    return Workflow.newActivityStub(
        SyntheticJourneyActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(journey.longestRun().plus(ACTIVITY_SLACK))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(2))
                    .setMaximumAttempts(3)
                    .build())
            .build());
  }

  /**
   * The journey's alert: fingerprint {@code synthetic:<journey>}, labels {@code alertname}, {@code
   * service}, {@code journey}, {@code priority}, {@code source}; the summary names the step and
   * expected against got, the description the time and the count.
   */
  static Alert alert(
      Journey journey, JourneyRun run, int failures, Instant failingSince, AlertStatus status) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", ALERTNAME);
    labels.put("service", journey.service());
    labels.put("journey", journey.name());
    labels.put("priority", journey.severity().name());
    labels.put("source", SOURCE);
    Map<String, String> annotations = new LinkedHashMap<>();
    StepResult failed = run.failure();
    if (failed != null) {
      annotations.put(
          "summary",
          "Synthetic journey "
              + journey.name()
              + " fails at step "
              + failed.step()
              + ": expected "
              + failed.expected()
              + ", got "
              + failed.got());
      annotations.put(
          "description",
          "Run at "
              + run.at()
              + " ("
              + failures
              + " failed run(s) in a row since "
              + failingSince
              + "); step "
              + failed.step()
              + " took "
              + failed.millis()
              + " ms");
    } else {
      annotations.put(
          "summary",
          "Synthetic journey " + journey.name() + " passes again (run at " + run.at() + ")");
    }
    return new Alert(
        AlertSource.SYNTHETIC,
        status,
        SOURCE + ":" + journey.name(),
        labels,
        annotations,
        failingSince == null ? run.at() : failingSince,
        status == AlertStatus.RESOLVED ? run.at() : null,
        null,
        null);
  }
}
