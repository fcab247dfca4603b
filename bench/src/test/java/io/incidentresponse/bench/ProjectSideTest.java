package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectSideTest {
  private final MockWebServer starter = new MockWebServer();
  private ProjectSide project;

  @BeforeEach
  void start() throws Exception {
    starter.start();
    project = new ProjectSide(starter.getPort(), "hook-token", "api-key", null, 4);
  }

  @AfterEach
  void stop() {
    starter.close();
  }

  @Test
  void deliver_ofAnAcceptedBody_postsItWithTheTokenAndAnswersItsIncidentsAndIntakes()
      throws Exception {
    starter.enqueue(
        new MockResponse.Builder()
            .code(202)
            .body(
                "{\"incidents\":[{\"incidentId\":\"inc-1\",\"intakeId\":\"in-1\"},"
                    + "{\"incidentId\":\"inc-2\",\"intakeId\":\"in-1\"},{\"incidentId\":\"inc-3\"}]}")
            .build());
    byte[] body = "{\"version\":\"4\"}".getBytes(StandardCharsets.UTF_8);

    ProjectSide.Delivered delivered = project.deliver(body);

    assertThat(delivered.accepted()).isTrue();
    assertThat(delivered.incidentIds()).containsExactly("inc-1", "inc-2", "inc-3");
    assertThat(delivered.intakeIds()).containsExactly("in-1");
    RecordedRequest sent = starter.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/webhooks/alertmanager");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer hook-token");
    assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(sent.getBody().utf8()).isEqualTo("{\"version\":\"4\"}");
  }

  @Test
  void deliver_manyInARow_goOverOneKeptAliveConnection() throws Exception {
    for (int i = 0; i < 20; i++) {
      starter.enqueue(new MockResponse.Builder().code(202).body("{\"incidents\":[]}").build());
      starter.enqueue(new MockResponse.Builder().code(503).body("busy").build());
    }

    for (int i = 0; i < 20; i++) {
      assertThat(project.deliver("{}").accepted()).isTrue();
      assertThat(project.deliver("{}").status()).isEqualTo(503);
    }

    assertThat(project.connectionsOpened()).isEqualTo(1);
    assertThat(starter.getRequestCount()).isEqualTo(40);
  }

  @Test
  void deliver_refusedAs4xx_failsTheRunWithTheStartersAnswer() {
    starter.enqueue(new MockResponse.Builder().code(401).body("bad token").build());

    assertThatThrownBy(() -> project.deliver("{}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("401 bad token");
  }

  @Test
  void state_ofTheSummary_asksForTheViewWithTheApiKeyAndAnswersTheStatus() throws Exception {
    starter.enqueue(new MockResponse.Builder().code(200).body("{\"state\":\"OPEN\"}").build());
    starter.enqueue(new MockResponse.Builder().code(504).body("late").build());

    int summary = project.state("inc-1", ProjectSide.View.SUMMARY);
    int full = project.state("inc-2", ProjectSide.View.FULL);

    assertThat(summary).isEqualTo(200);
    assertThat(full).isEqualTo(504);
    RecordedRequest first = starter.takeRequest();
    assertThat(first.getUrl().encodedPath()).isEqualTo("/api/incidents/inc-1");
    assertThat(first.getUrl().queryParameter("view")).isEqualTo("summary");
    assertThat(first.getHeaders().get("X-API-Key")).isEqualTo("api-key");
    RecordedRequest second = starter.takeRequest();
    assertThat(second.getUrl().encodedPath()).isEqualTo("/api/incidents/inc-2");
    assertThat(second.getUrl().query()).isNull();
    assertThat(project.connectionsOpened()).isEqualTo(1);
  }

  @Test
  void resolve_postsTheNoteToTheIncidentsResolveSignal_andFailsUnlessAccepted() throws Exception {
    starter.enqueue(new MockResponse.Builder().code(202).body("{}").build());
    starter.enqueue(new MockResponse.Builder().code(409).body("closed").build());

    project.resolve("inc-1");

    RecordedRequest sent = starter.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/incidents/inc-1/signals/resolve");
    assertThat(sent.getHeaders().get("X-API-Key")).isEqualTo("api-key");
    assertThat(sent.getBody().utf8()).isEqualTo("{\"note\":\"bench: recovered\"}");
    assertThatThrownBy(() -> project.resolve("inc-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("409 closed");
  }
}
