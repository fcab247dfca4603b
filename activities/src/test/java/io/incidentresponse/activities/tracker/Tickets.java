package io.incidentresponse.activities.tracker;

import io.incidentresponse.workflows.postmortem.ActionItem;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import io.incidentresponse.workflows.tracker.TicketRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/** What the tracker tests share: one action item's ticket request and answers to queue. */
final class Tickets {
  static final Instant REQUESTED_AT = Instant.parse("2026-11-30T10:00:00Z");

  static final TicketRequest POOL_ALERT =
      new TicketRequest(
          "inc-checkout-7",
          "Checkout 5xx after deploy",
          new ActionItem(
              "AI-1",
              "Alert on connection pool saturation",
              "carol",
              LocalDate.of(2026, 12, 10),
              ActionItemStatus.OPEN,
              "alice",
              REQUESTED_AT,
              ActionItemKind.MONITORING,
              null,
              null,
              null),
          "https://git.example/postmortems/inc-checkout-7.md",
          REQUESTED_AT);

  private Tickets() {}

  static void answer(MockWebServer server, int code, String body, String... headers) {
    MockResponse.Builder response =
        new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      response.addHeader(headers[i], headers[i + 1]);
    }
    server.enqueue(response.body(body).build());
  }

  /** The request arrives whole, then the connection drops before any answer: a lost answer. */
  static void loseTheAnswer(MockWebServer server) {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
  }

  static List<RecordedRequest> taken(MockWebServer server) throws InterruptedException {
    List<RecordedRequest> requests = new java.util.ArrayList<>();
    for (int i = server.getRequestCount(); i > 0; i--) {
      requests.add(server.takeRequest());
    }
    return requests;
  }
}
