package io.incidentresponse.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Every outside system the worker calls in a benchmark (Slack's Web API, PagerDuty's Events API,
 * the status-page webhook) and the raw activities' notifications, answered at once with a success
 * of the shape the caller reads. It notes when a request mentioning a watched token first arrived:
 * a token is a unique service name (it ends up in the channel name and the page) or the raw
 * workflow's notification path, so "alert POST → first outside call" is measured on both sides the
 * same way. It also counts requests, so a caller can wait until the worker has gone quiet.
 */
final class OutsideStub extends Dispatcher implements AutoCloseable {
  static final String SLACK = "/slack/api/";
  private static final String UPLOAD = "/slack-files/upload";

  private final MockWebServer server = new MockWebServer();
  private final Map<String, Long> watched = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private volatile long lastRequestNanos = System.nanoTime();

  OutsideStub start(int port) throws IOException {
    server.setDispatcher(this);
    // As Slack's and PagerDuty's servers do: an answer on a kept-alive connection is not held
    // back by Nagle's algorithm (about 40 ms each for a worker making calls in turn).
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.start(InetAddress.getByName("127.0.0.1"), port);
    return this;
  }

  String url(String path) {
    return server.url(path).toString();
  }

  /** The worker's settings that send Slack, PagerDuty and the status page here. */
  Map<String, String> workerSettings() {
    return Map.of(
        "SLACK_BOT_TOKEN", "xoxb-bench-not-a-real-token",
        "INCIDENT_SLACK_APIURL", url(SLACK),
        "PAGERDUTY_ROUTING_KEY", "bench-routing-key",
        "INCIDENT_PAGERDUTY_EVENTSURL", url("/pagerduty/events"),
        "INCIDENT_PAGERDUTY_APIURL", url("/pagerduty/api"),
        "STATUSPAGE_WEBHOOK_URL", url("/statuspage"));
  }

  /** Starts watching for {@code token}; {@link #seenAt} answers once a request mentioned it. */
  void watch(String token) {
    watched.put(token, 0L);
  }

  /** {@link System#nanoTime()} of the first request mentioning {@code token}, or 0. */
  long seenAt(String token) {
    return watched.getOrDefault(token, 0L);
  }

  /** Waits until a request mentioned {@code token}; its nanoTime. */
  long awaitSeen(String token, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long at = seenAt(token);
      if (at != 0) {
        return at;
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException(
        "no outside call mentioned " + token + " within " + timeout.toSeconds() + " s");
  }

  long requests() {
    return requests.get();
  }

  /**
   * Waits until no request has arrived for {@code quiet} (at most {@code timeout}): the worker has
   * done what the incidents it holds do at once. False when it was not quiet within {@code
   * timeout}.
   */
  boolean awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (System.nanoTime() - lastRequestNanos >= quiet.toNanos()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    long at = System.nanoTime();
    requests.incrementAndGet();
    lastRequestNanos = at;
    String path = request.getUrl().encodedPath();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    if (!watched.isEmpty()) {
      for (Map.Entry<String, Long> entry : watched.entrySet()) {
        if (entry.getValue() == 0L
            && (path.contains(entry.getKey()) || body.contains(entry.getKey()))) {
          watched.replace(entry.getKey(), 0L, at);
        }
      }
    }
    if (path.startsWith(SLACK)) {
      return slack(path.substring(SLACK.length()));
    }
    if (path.startsWith(UPLOAD)) {
      // Slack's upload URL answers plain text (the SDK only checks the status).
      return new MockResponse.Builder().code(200).body("OK - " + body.length()).build();
    }
    if (path.startsWith("/pagerduty/events")) {
      return json(
          202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"bench\"}");
    }
    return json(200, "{\"id\":\"bench\",\"status\":\"ok\"}");
  }

  private MockResponse slack(String method) {
    String channel =
        "{\"id\":\"C0BENCH001\",\"name\":\"incident-bench\",\"is_channel\":true,"
            + "\"is_archived\":false,\"created\":1700000000,\"creator\":\"U0BENCHBOT\"}";
    return switch (method) {
      case "auth.test" ->
          json(
              200,
              "{\"ok\":true,\"user_id\":\"U0BENCHBOT\",\"user\":\"incident-bot\","
                  + "\"team_id\":\"T0BENCH\",\"bot_id\":\"B0BENCH\"}");
      case "conversations.list" ->
          json(200, "{\"ok\":true,\"channels\":[],\"response_metadata\":{\"next_cursor\":\"\"}}");
      case "conversations.history" -> json(200, "{\"ok\":true,\"messages\":[],\"has_more\":false}");
      case "conversations.open" -> json(200, "{\"ok\":true,\"channel\":{\"id\":\"D0BENCH001\"}}");
      // files.uploadV2 (the postmortem in the channel): an upload URL here, then the completion;
      // without them the SDK fails on a null URL and the activity retries for ever
      case "files.getUploadURLExternal" ->
          json(
              200,
              "{\"ok\":true,\"upload_url\":\"" + url(UPLOAD) + "\",\"file_id\":\"F0BENCH001\"}");
      case "files.completeUploadExternal" ->
          json(200, "{\"ok\":true,\"files\":[{\"id\":\"F0BENCH001\",\"title\":\"postmortem\"}]}");
      default ->
          json(
              200,
              "{\"ok\":true,\"channel\":"
                  + (method.startsWith("conversations.") ? channel : "\"C0BENCH001\"")
                  + ",\"ts\":\"1700000000.000100\",\"message\":{\"ts\":\"1700000000.000100\"}}");
    };
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Override
  public void close() {
    server.close();
  }
}
