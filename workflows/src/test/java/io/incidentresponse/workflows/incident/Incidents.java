package io.incidentresponse.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.incidentresponse.workflows.Json;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.postmortem.PostmortemWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Builders and waits shared by the incident workflow tests. */
final class Incidents {
  static final Instant START = Instant.parse("2026-11-26T14:00:00Z");

  private Incidents() {}

  static TestWorkflowExtension.Builder extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(
                IncidentWorkflowImpl.class, PostmortemWorkflowImpl.class);
    // every attribute the workflow upserts, as the starter registers them on a real namespace
    for (SearchAttributeKey<?> key : IncidentSearchAttributes.all()) {
      builder.registerSearchAttribute(key.getName(), key.getValueType());
    }
    return builder
        // as the worker: a person's signal whose JSON does not fit reaches its handler as null
        .setWorkflowClientOptions(
            WorkflowClientOptions.newBuilder()
                .setDataConverter(SignalPayloadConverter.dataConverter())
                .build())
        .setInitialTime(START)
        .setDoNotStart(true);
  }

  /** The policy field that gives every diagnosis probe {@code timeout}: {@code "probes":{...}}. */
  static String probeTimeouts(String timeout) {
    StringBuilder probes = new StringBuilder();
    for (DiagnosisProbe probe : DiagnosisProbe.values()) {
      probes
          .append(probes.length() == 0 ? "" : ",")
          .append('"')
          .append(probe)
          .append("\":\"")
          .append(timeout)
          .append('"');
    }
    return "\"probes\":{" + probes + "}";
  }

  /** Runbook defaults, with alice approving anything and bob low and medium risk only. */
  static ResponsePolicy policy() {
    return policy("");
  }

  /**
   * The default test policy plus {@code moreFields}, a JSON fragment such as {@code
   * "continueAsNewAfterEvents":120}: the same JSON a person writes, read by the SDK's own mapper.
   */
  static ResponsePolicy policy(String moreFields) {
    String json =
        "{\"approvers\":{\"LOW\":[\"alice\",\"bob\"],\"MEDIUM\":[\"alice\",\"bob\"],"
            + "\"HIGH\":[\"alice\"]},\"defaultNamespace\":\"shop\""
            + (moreFields.isEmpty() ? "" : "," + moreFields)
            + "}";
    return Json.read(json, ResponsePolicy.class);
  }

  /** A new incident's input that names its policy {@code edition} instead of carrying it. */
  static IncidentInput named(String edition, Alert... alerts) {
    return new IncidentInput(List.of(alerts), null, null, null, null, null, null, false, edition);
  }

  static Alert alert(String name, String service, String... labelPairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", name);
    labels.put("service", service);
    labels.put("namespace", "shop");
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return new Alert(
        AlertSource.ALERTMANAGER,
        AlertStatus.FIRING,
        name + "-" + service,
        labels,
        Map.of("summary", name + " on " + service),
        START.minus(Duration.ofMinutes(3)),
        null,
        "http://prometheus/graph",
        null);
  }

  static Alert resolved(Alert alert) {
    return resolved(alert, START);
  }

  /** {@code alert} resolved at its source at {@code endsAt}. */
  static Alert resolved(Alert alert, Instant endsAt) {
    return new Alert(
        alert.source(),
        AlertStatus.RESOLVED,
        alert.fingerprint(),
        alert.labels(),
        alert.annotations(),
        alert.startsAt(),
        endsAt,
        alert.generatorUrl(),
        alert.externalId());
  }

  static IncidentWorkflow start(
      WorkflowClient client,
      WorkflowOptions options,
      String id,
      ResponsePolicy policy,
      Alert... alerts) {
    return start(client, options, id, IncidentInput.of(policy, alerts));
  }

  /** Starts an incident with {@code input}; the stub follows it across continue-as-new. */
  static IncidentWorkflow start(
      WorkflowClient client, WorkflowOptions options, String id, IncidentInput input) {
    IncidentWorkflow workflow =
        client.newWorkflowStub(
            IncidentWorkflow.class, WorkflowOptions.newBuilder(options).setWorkflowId(id).build());
    WorkflowClient.start(workflow::run, input);
    // Not bound to the first run: signals and queries follow the incident across continue-as-new.
    return client.newWorkflowStub(IncidentWorkflow.class, id);
  }

  /** Polls the state query until it matches; fails after 30 s of real time. */
  static IncidentState await(IncidentWorkflow workflow, Predicate<IncidentState> condition) {
    return eventually(workflow::state, condition);
  }

  /** Polls {@code read} until its value matches; fails after 30 s of real time (a busy machine). */
  static <T> T eventually(Supplier<T> read, Predicate<T> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = read.get();
        if (last != null && condition.test(last)) {
          return last;
        }
      } catch (RuntimeException notYetReadable) {
        // the first workflow task may not have run yet
      }
      sleep(20);
    }
    return fail("condition not met; last value: %s", describe(last));
  }

  /**
   * Sends {@code signal} to an incident that may be continuing as new right now. The test service's
   * continue-as-new is not atomic (temporalio/sdk-java#1538): a signal that arrives between the old
   * run closing and the new one starting is refused with NOT_FOUND, never delivered, so it is sent
   * again. The real server hands such a signal to the new run (temporalio/temporal#2694).
   */
  static void signalAcrossContinueAsNew(Runnable signal) {
    for (int attempt = 1; ; attempt++) {
      try {
        signal.run();
        return;
      } catch (io.temporal.client.WorkflowNotFoundException betweenRuns) {
        if (attempt == 50) {
          throw betweenRuns;
        }
        sleep(20);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Object describe(Object value) {
    return value instanceof IncidentState state
        ? "phase " + state.phase + ", timeline " + state.timeline
        : value;
  }

  /**
   * The lifecycle loop's invariant (every pass changes state or sleeps): none of {@code ids} ever
   * had its loop stopped for spinning.
   */
  static void assertNeverSpun(WorkflowClient client, Iterable<String> ids) {
    for (String id : ids) {
      List<TimelineEntry> timeline = client.newWorkflowStub(IncidentWorkflow.class, id).timeline();
      assertThat(timeline)
          .as("timeline of %s", id)
          .noneMatch(e -> e.event().startsWith(IncidentWorkflowImpl.LOOP_STALLED));
    }
  }

  static boolean hasEvent(IncidentState state, String fragment) {
    return state.timeline.stream().anyMatch(e -> e.event().contains(fragment));
  }
}
