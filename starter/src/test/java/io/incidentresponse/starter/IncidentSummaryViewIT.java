package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/incidents/{id}?view=summary}: what a dashboard polls, small and current. */
class IncidentSummaryViewIT extends StarterIT {
  @Autowired TemporalQueries queries;

  @Test
  void summaryView_ofARunningIncident_answersItsStandingInAFractionOfTheState() {
    String id = declare("api-summary", "P2");
    assertThat(
            http.post("/api/incidents/" + id + "/signals/acknowledge", "{\"by\":\"alice\"}")
                .statusCode())
        .isEqualTo(202);
    await(id, s -> s.acknowledged());

    HttpResponse<String> summaryAnswer = http.get("/api/incidents/" + id + "?view=summary");
    HttpResponse<String> fullAnswer = http.get("/api/incidents/" + id);

    assertThat(summaryAnswer.statusCode()).as(summaryAnswer.body()).isEqualTo(200);
    JsonNode summary = json.readTree(summaryAnswer.body());
    JsonNode full = json.readTree(fullAnswer.body());
    assertThat(summary.get("incidentId").asString()).isEqualTo(id);
    assertThat(summary.get("severity").asString()).isEqualTo("P2");
    assertThat(summary.get("phase").asString()).isEqualTo(full.get("phase").asString());
    assertThat(summary.get("acknowledgedBy").asString()).isEqualTo("alice");
    assertThat(summary.get("detectedAt").asString()).isEqualTo(full.get("detectedAt").asString());
    // the incident goes on between the two reads: the summary's latest line is on the timeline
    // the later full read returns, at the position the summary counted
    int counted = summary.get("timelineEntries").asInt();
    JsonNode timeline = full.get("timeline");
    assertThat(counted).isPositive().isLessThanOrEqualTo(timeline.size());
    assertThat(summary.get("latest")).isEqualTo(timeline.get(counted - 1));
    assertThat(summary.has("alerts") && summary.get("alerts").isNumber()).isTrue();
    assertThat(summary.has("timeline")).isFalse();
    assertThat(summary.has("diagnosis")).isFalse();
    assertThat(summaryAnswer.body().length()).isLessThan(fullAnswer.body().length() / 2);
  }

  @Test
  void summaryView_ofAnIncidentOnAWorkerOlderThanTheSummaryQuery_isBuiltFromItsState() {
    String id = "incident-api-summary-older";
    try (RunningElsewhere older = runningOn(OlderIncidentWorkflowImpl.class, id)) {
      HttpResponse<String> answer = http.get("/api/incidents/" + id + "?view=summary");

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode summary = json.readTree(answer.body());
      assertThat(summary.get("incidentId").asString()).isEqualTo(id);
      assertThat(summary.get("severity").asString()).isEqualTo("P2");
      assertThat(summary.get("phase").asString()).isEqualTo("MITIGATING");
      assertThat(summary.get("acknowledgedBy").asString()).isEqualTo("alice");
      assertThat(summary.get("alerts").asInt()).isEqualTo(1);
      assertThat(summary.get("timelineEntries").asInt()).isEqualTo(2);
      assertThat(summary.get("latest").get("event").asString()).isEqualTo("Acknowledged");
      assertThat(summary.has("timeline")).isFalse();
    }
  }

  /**
   * A dashboard polls every few seconds: only the first poll asks the older worker for the summary
   * it does not know (each refusal is a failed query task there); the next ones ask its state.
   */
  @Test
  void summaryView_polledOnAWorkerOlderThanTheSummaryQuery_asksItForTheSummaryOnce() {
    String id = "incident-api-summary-polled-older";
    try (RunningElsewhere older = runningOn(OlderIncidentWorkflowImpl.class, id)) {
      for (int poll = 0; poll < 3; poll++) {
        HttpResponse<String> answer = http.get("/api/incidents/" + id + "?view=summary");

        assertThat(answer.statusCode()).as("poll %d: %s", poll, answer.body()).isEqualTo(200);
        assertThat(json.readTree(answer.body()).get("phase").asString()).isEqualTo("MITIGATING");
      }

      assertThat(queries.count("summary", id)).isEqualTo(1);
      assertThat(queries.count("state", id)).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void summaryView_whenTheWorkersSummaryQueryFails_saysSoInsteadOfAnsweringFromTheState() {
    String id = "incident-api-summary-broken";
    try (RunningElsewhere broken = runningOn(BrokenSummaryWorkflowImpl.class, id)) {
      HttpResponse<String> answer = http.get("/api/incidents/" + id + "?view=summary");

      assertThat(answer.statusCode()).as(answer.body()).isGreaterThanOrEqualTo(500);
      assertThat(answer.statusCode()).as("not a silent worker: it answered").isNotEqualTo(504);
      assertThat(answer.body()).doesNotContain("\"severity\"");
    }
  }

  /** An incident {@code id} run by a worker of its own, terminated (and the worker ended) after. */
  private record RunningElsewhere(WorkerFactory workers, WorkflowClient client, String id)
      implements AutoCloseable {
    @Override
    public void close() {
      client.newUntypedWorkflowStub(id).terminate("test over");
      workers.shutdownNow();
    }
  }

  /**
   * Starts incident {@code id} on a worker that registers {@code implementation} as the incident
   * workflow type, and waits until that worker answers its state (the first workflow task can take
   * seconds on a loaded machine).
   */
  private RunningElsewhere runningOn(
      Class<? extends OlderIncidentWorkflow> implementation, String id) {
    String taskQueue = "incident-worker-" + implementation.getSimpleName();
    WorkerFactory workers = WorkerFactory.newInstance(client);
    workers.newWorker(taskQueue).registerWorkflowImplementationTypes(implementation);
    workers.start();
    OlderIncidentWorkflow incident =
        client.newWorkflowStub(
            OlderIncidentWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
    WorkflowClient.start(
        incident::run,
        IncidentInput.of(
            null,
            new Alert(
                AlertSource.ALERTMANAGER,
                AlertStatus.FIRING,
                "fp-" + id,
                Map.of("alertname", "HighErrorRate", "service", "checkout"),
                Map.of(),
                Instant.parse("2026-11-30T03:00:00Z"),
                null,
                null,
                null)));
    RunningElsewhere running = new RunningElsewhere(workers, client, id);
    OlderIncidentWorkflow started = client.newWorkflowStub(OlderIncidentWorkflow.class, id);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        started.state();
        return running;
      } catch (RuntimeException notYet) {
        sleep(50);
      }
    }
    running.close();
    throw new AssertionError(id + " did not answer its state query within 60 s");
  }

  @Test
  void viewFull_isTheWholeStateAsWithoutAView() {
    String id = declare("api-view-full", "P3");

    JsonNode full = json.readTree(http.get("/api/incidents/" + id + "?view=full").body());

    assertThat(full.get("incidentId").asString()).isEqualTo(id);
    assertThat(full.get("timeline").isArray()).isTrue();
    assertThat(full.has("alerts")).isTrue();
  }

  @Test
  void summaryView_ofAnUnknownIncident_is404() {
    JsonNode missing = problem(http.get("/api/incidents/incident-nope?view=summary"), 404);

    assertThat(missing.get("title").asString()).isEqualTo("No such incident");
  }

  @Test
  void anUnknownView_is400NamingTheField() {
    JsonNode refused = problem(http.get("/api/incidents/incident-nope?view=everything"), 400);

    assertThat(refused.get("field").asString()).isEqualTo("view");
    assertThat(refused.get("detail").asString()).contains("full or summary");
  }
}
