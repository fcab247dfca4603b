package io.incidentresponse.activities.drill;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.activities.prometheus.PrometheusStopCheck;
import io.incidentresponse.workflows.drill.DrillActivities;
import io.incidentresponse.workflows.drill.DrillInjection;
import io.incidentresponse.workflows.drill.DrillScenarios;
import io.incidentresponse.workflows.drill.DrillState;
import io.incidentresponse.workflows.drill.DrillTarget;
import io.incidentresponse.workflows.drill.IncidentTimes;
import io.incidentresponse.workflows.drill.StopCheck;
import io.incidentresponse.workflows.drill.StopCheckRequest;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * The drill's activities: scenarios chosen by name, the worker's guardrails (namespace allow-list
 * for the Kubernetes scenarios, dry run) checked once before anything changes, the stop conditions
 * on Prometheus, the score read from the incident workflow, the report written to a directory. A
 * scenario whose system is not configured answers NOT_CONFIGURED naming the setting.
 */
public class DrillActivitiesImpl implements DrillActivities {
  private final Map<String, DrillScenario> scenarios;
  private final Map<String, String> missing;
  private final Guardrails guardrails;
  private final PrometheusStopCheck stopCheck;
  private final IncidentTimesReader incidents;
  private final DrillReportWriter reports;

  /**
   * @param kubernetes null when Kubernetes is not enabled
   * @param prometheus its settings; the stop conditions are not configured when it has no URL
   * @param temporal the worker's own client, to read the drill incident's state
   */
  public DrillActivitiesImpl(
      DrillSettings settings,
      Guardrails guardrails,
      KubernetesClient kubernetes,
      PrometheusSettings prometheus,
      OkHttpClient http,
      WorkflowClient temporal) {
    this.guardrails = guardrails;
    this.scenarios = new LinkedHashMap<>();
    this.missing = new LinkedHashMap<>();
    if (kubernetes != null) {
      DrillDeployments deployments = new DrillDeployments(kubernetes);
      add(new FailureRateScenario(deployments));
      add(new ScaleDownScenario(deployments));
      add(new DeletePodsScenario(kubernetes, deployments));
    } else {
      for (String name :
          List.of(
              DrillScenarios.FAILURE_RATE, DrillScenarios.SCALE_DOWN, DrillScenarios.DELETE_PODS)) {
        missing.put(name, "Kubernetes (incident.kubernetes.enabled)");
      }
    }
    if (settings.demoConfigured()) {
      add(new DemoErrorsScenario(settings, http));
    } else {
      missing.put(DrillScenarios.DEMO_ERRORS, "the demo service (incident.drill.demo-url)");
    }
    this.stopCheck = prometheus.configured() ? new PrometheusStopCheck(prometheus, http) : null;
    this.incidents = new IncidentTimesReader(temporal);
    this.reports = new DrillReportWriter(settings);
  }

  private void add(DrillScenario scenario) {
    scenarios.put(scenario.name(), scenario);
  }

  /** The scenarios served, by name; the others are reported not configured. */
  public List<String> served() {
    return new ArrayList<>(scenarios.keySet());
  }

  @Override
  public DrillInjection capture(DrillTarget target) {
    DrillScenario scenario = scenario(target.scenario());
    if (!DrillScenarios.DEMO_ERRORS.equals(scenario.name())) {
      guardrails.checkNamespace(target.namespace());
    }
    boolean dryRun = target.dryRun() || guardrails.dryRun();
    return scenario.capture(
        new DrillTarget(
            target.drillId(),
            target.scenario(),
            target.service(),
            target.namespace(),
            target.parameters(),
            dryRun));
  }

  @Override
  public void inject(DrillInjection injection) {
    if (!injection.dryRun()) {
      scenario(injection.scenario()).inject(injection);
    }
  }

  /** No guardrail here: a namespace taken off the allow-list mid-drill still gets its revert. */
  @Override
  public String revert(DrillInjection injection) {
    if (injection.dryRun()) {
      return "dry run: nothing to put back (would restore " + injection.before() + ")";
    }
    return scenario(injection.scenario()).revert(injection);
  }

  @Override
  public StopCheck checkStopConditions(StopCheckRequest request) {
    if (stopCheck == null) {
      throw ExpectedFailures.notConfigured(
          "the drill's stop conditions need Prometheus (incident.prometheus.url);"
              + " run the drill with stopConditions [] to watch none");
    }
    return stopCheck.check(request);
  }

  @Override
  public IncidentTimes incidentTimes(String incidentId) {
    return incidents.read(incidentId);
  }

  @Override
  public String writeReport(DrillState state) {
    return reports.write(state);
  }

  private DrillScenario scenario(String name) {
    DrillScenario scenario = scenarios.get(name);
    if (scenario != null) {
      return scenario;
    }
    if (missing.containsKey(name)) {
      throw ExpectedFailures.notConfigured(
          "drill scenario " + name + " needs " + missing.get(name) + ", not configured");
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "no drill scenario " + name + "; known: " + DrillScenarios.ALL,
        FailureType.BAD_REQUEST.type());
  }
}
