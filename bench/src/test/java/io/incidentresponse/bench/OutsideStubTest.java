package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutsideStubTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private OutsideStub stub;

  @BeforeEach
  void start() throws Exception {
    stub = new OutsideStub().start(0);
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void slackCreate_mentioningAWatchedService_isNotedAndAnsweredWithAChannel() throws Exception {
    stub.watch("bx1l00001");
    long before = System.nanoTime();

    HttpResponse<String> answer =
        post(
            stub.url(OutsideStub.SLACK + "conversations.create"),
            "name=incident-2026-11-30-1120-bx1l00001-a1b2c3");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"ok\":true").contains("\"id\":\"C0BENCH001\"");
    assertThat(stub.awaitSeen("bx1l00001", Duration.ofSeconds(1))).isGreaterThanOrEqualTo(before);
    assertThat(stub.seenAt("bx1l00002")).isZero();
  }

  @Test
  void seenAt_keepsTheFirstRequest_notTheLatest() throws Exception {
    stub.watch("bx1r00003");
    post(stub.url("/raw/bx1r00003"), "");
    long first = stub.seenAt("bx1r00003");

    post(stub.url("/raw/bx1r00003"), "");

    assertThat(stub.seenAt("bx1r00003")).isEqualTo(first).isNotZero();
    assertThat(stub.requests()).isEqualTo(2);
  }

  @Test
  void pagerDutyEvent_isAcceptedAsTheEventsApiDoes() throws Exception {
    HttpResponse<String> answer = post(stub.url("/pagerduty/events"), "{}");

    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(answer.body()).contains("\"status\":\"success\"");
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
