package io.incidentresponse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Slack's Web API, PagerDuty and the status-page webhook as the worker meets them, every request
 * recorded with the time it arrived. Slack's channel methods behave as Slack's do: {@code
 * conversations.create} is Tier 2, so beyond {@code createsPerMinute} calls in any 60 seconds it
 * answers 429 with {@code Retry-After} (whole seconds until a call leaves the window); a name that
 * exists answers {@code name_taken}; {@code conversations.list} lists the channels created, with
 * their creator (this bot) and the purpose set since. One create can be made to lose its answer:
 * the channel is created, then the connection is closed before the response, as when a worker dies
 * inside the call.
 */
final class RecordingStub extends Dispatcher implements AutoCloseable {
  static final String BOT_USER = "U0E2EBOT01";
  private static final String SLACK = "/slack/api/";
  private static final Duration SLACK_WINDOW = Duration.ofMinutes(1);

  /** One request as it arrived. */
  record Request(Instant at, String method, String path, String body) {
    /** {@code METHOD path body}: what the step log and {@code contains} checks read. */
    String line() {
      return method + " " + path + " " + body;
    }
  }

  enum CreateOutcome {
    CREATED,
    CREATED_ANSWER_LOST,
    NAME_TAKEN,
    RATE_LIMITED
  }

  /** One {@code conversations.create} and what Slack answered. */
  record Create(Instant at, String name, CreateOutcome outcome) {
    boolean created() {
      return outcome == CreateOutcome.CREATED || outcome == CreateOutcome.CREATED_ANSWER_LOST;
    }
  }

  /** One PagerDuty Events API v2 event. */
  record Page(Instant at, String dedupKey, String action, String severity) {}

  private static final class Channel {
    final String id;
    final String name;
    final Instant createdAt;
    String purpose = "";
    String topic = "";

    Channel(String id, String name, Instant createdAt) {
      this.id = id;
      this.name = name;
      this.createdAt = createdAt;
    }
  }

  private final MockWebServer server = new MockWebServer();
  private final int createsPerMinute;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Create> creates = new CopyOnWriteArrayList<>();
  private final List<Page> pages = new CopyOnWriteArrayList<>();
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Deque<Instant> createWindow = new ArrayDeque<>();
  private final Set<String> loseAnswerOnce = new HashSet<>();

  RecordingStub(int createsPerMinute) {
    this.createsPerMinute = createsPerMinute;
    server.setDispatcher(this);
  }

  RecordingStub start() throws IOException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    return this;
  }

  String url(String path) {
    return server.url(path).toString();
  }

  /**
   * The worker's settings that send Slack, PagerDuty (Events API and REST) and the status-page
   * webhook here.
   */
  Map<String, String> workerSettings() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SLACK_BOT_TOKEN", "xoxb-e2e-not-a-real-token");
    env.put("INCIDENT_SLACK_APIURL", url(SLACK));
    env.put("INCIDENT_SLACK_TEMPORALUIURL", E2e.env("E2E_TEMPORAL_UI_URL"));
    env.put("PAGERDUTY_ROUTING_KEY", "e2e-routing-key");
    env.put("INCIDENT_PAGERDUTY_EVENTSURL", url("/pagerduty/events"));
    env.put("INCIDENT_PAGERDUTY_APIURL", url("/pagerduty/api"));
    env.put("STATUSPAGE_WEBHOOK_URL", url("/statuspage"));
    return env;
  }

  /** The first create of a channel whose name contains {@code fragment} loses its answer. */
  synchronized void loseTheAnswerToTheFirstCreateOf(String fragment) {
    loseAnswerOnce.add(fragment);
  }

  @Override
  public void close() {
    server.close();
  }

  // ------------------------------------------------------------------------------ what it saw

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Every request as {@code METHOD path body}. */
  List<String> lines() {
    return requests.stream().map(Request::line).toList();
  }

  List<String> slack(String method) {
    return requests.stream()
        .filter(r -> r.path().equals(SLACK + method))
        .map(Request::line)
        .toList();
  }

  List<Create> creates() {
    return List.copyOf(creates);
  }

  List<Page> pages() {
    return List.copyOf(pages);
  }

  /** Requests per method and path, e.g. {@code {POST /slack/api/chat.postMessage=3, ...}}. */
  String summary() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Request r : requests) {
      counts.merge(r.method() + " " + r.path(), 1L, Long::sum);
    }
    return counts.toString();
  }

  // ------------------------------------------------------------------------------ answers

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Instant at = Instant.now();
    String path = request.getUrl().encodedPath();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    requests.add(new Request(at, request.getMethod(), path, body));
    if (path.startsWith(SLACK)) {
      Map<String, String> params = params(request.getHeaders().get("Content-Type"), body);
      return slack(path.substring(SLACK.length()), params, at);
    }
    if (path.startsWith("/pagerduty/events")) {
      return pagerDutyEvent(body, at);
    }
    // PagerDuty's REST API and the status-page webhook: accepted.
    return json(200, "{\"id\":\"e2e-status\",\"status\":\"ok\"}");
  }

  private MockResponse slack(String method, Map<String, String> params, Instant at) {
    return switch (method) {
      case "auth.test" ->
          json(
              200,
              "{\"ok\":true,\"user_id\":\""
                  + BOT_USER
                  + "\",\"user\":\"incident-bot\",\"team_id\":\"T0E2E\",\"bot_id\":\"B0E2E\"}");
      case "conversations.create" -> create(params.getOrDefault("name", ""), at);
      case "conversations.list" -> list();
      // a direct conversation per user (paging by Slack DM); nothing sent there before
      case "conversations.open" ->
          json(
              200,
              "{\"ok\":true,\"channel\":{\"id\":"
                  + E2e.JSON.valueToTree("D" + params.getOrDefault("users", "")).toString()
                  + "}}");
      case "conversations.history" -> json(200, "{\"ok\":true,\"messages\":[],\"has_more\":false}");
      case "conversations.setPurpose", "conversations.setTopic" -> describe(method, params);
      default -> {
        String channel = params.getOrDefault("channel", "C0E2E00001");
        yield json(
            200,
            "{\"ok\":true,\"channel\":"
                + (method.startsWith("conversations.")
                    ? channelJson(channel)
                    : E2e.JSON.valueToTree(channel).toString())
                + ",\"ts\":\"1700000000.000100\",\"message\":{\"ts\":\"1700000000.000100\"}}");
      }
    };
  }

  private synchronized MockResponse create(String name, Instant at) {
    while (!createWindow.isEmpty() && !createWindow.peekFirst().plus(SLACK_WINDOW).isAfter(at)) {
      createWindow.removeFirst();
    }
    if (createWindow.size() >= createsPerMinute) {
      long wait = Duration.between(at, createWindow.peekFirst().plus(SLACK_WINDOW)).toMillis();
      creates.add(new Create(at, name, CreateOutcome.RATE_LIMITED));
      return new MockResponse.Builder()
          .code(429)
          .addHeader("Retry-After", Math.max(1, (wait + 999) / 1000))
          .addHeader("Content-Type", "application/json")
          .body("{\"ok\":false,\"error\":\"ratelimited\"}")
          .build();
    }
    createWindow.addLast(at);
    if (channels.containsKey(name)) {
      creates.add(new Create(at, name, CreateOutcome.NAME_TAKEN));
      return json(200, "{\"ok\":false,\"error\":\"name_taken\"}");
    }
    Channel channel = new Channel(String.format("C%08d", channels.size() + 1), name, at);
    channels.put(name, channel);
    String lost = loseAnswerOnce.stream().filter(name::contains).findFirst().orElse(null);
    if (lost != null) {
      loseAnswerOnce.remove(lost);
      creates.add(new Create(at, name, CreateOutcome.CREATED_ANSWER_LOST));
      return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
    }
    creates.add(new Create(at, name, CreateOutcome.CREATED));
    return json(200, "{\"ok\":true,\"channel\":" + channelJson(channel) + "}");
  }

  private synchronized MockResponse list() {
    ArrayNode list = E2e.JSON.createArrayNode();
    for (Channel channel : channels.values()) {
      list.add(channelNode(channel));
    }
    ObjectNode answer = E2e.JSON.createObjectNode().put("ok", true);
    answer.set("channels", list);
    answer.putObject("response_metadata").put("next_cursor", "");
    return json(200, answer.toString());
  }

  private synchronized MockResponse describe(String method, Map<String, String> params) {
    String id = params.getOrDefault("channel", "");
    Channel channel =
        channels.values().stream().filter(c -> c.id.equals(id)).findFirst().orElse(null);
    if (channel == null) {
      return json(200, "{\"ok\":false,\"error\":\"channel_not_found\"}");
    }
    if (method.endsWith("setPurpose")) {
      channel.purpose = params.getOrDefault("purpose", "");
    } else {
      channel.topic = params.getOrDefault("topic", "");
    }
    return json(200, "{\"ok\":true,\"channel\":" + channelJson(channel) + "}");
  }

  private synchronized String channelJson(String id) {
    return channels.values().stream()
        .filter(c -> c.id.equals(id))
        .findFirst()
        .map(RecordingStub::channelJson)
        .orElse("{\"id\":\"" + id + "\",\"name\":\"inc-e2e\"}");
  }

  private static String channelJson(Channel channel) {
    return channelNode(channel).toString();
  }

  private static ObjectNode channelNode(Channel channel) {
    ObjectNode node =
        E2e.JSON
            .createObjectNode()
            .put("id", channel.id)
            .put("name", channel.name)
            .put("is_channel", true)
            .put("is_archived", false)
            .put("created", channel.createdAt.getEpochSecond())
            .put("creator", BOT_USER);
    node.putObject("purpose").put("value", channel.purpose).put("creator", BOT_USER);
    node.putObject("topic").put("value", channel.topic).put("creator", BOT_USER);
    return node;
  }

  private MockResponse pagerDutyEvent(String body, Instant at) {
    String dedupKey = "";
    try {
      JsonNode event = E2e.JSON.readTree(body);
      dedupKey = event.path("dedup_key").asText();
      pages.add(
          new Page(
              at,
              dedupKey,
              event.path("event_action").asText(),
              event.path("payload").path("severity").asText()));
    } catch (IOException e) {
      pages.add(new Page(at, "", "unreadable: " + e.getMessage(), ""));
    }
    return json(
        202,
        "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":"
            + E2e.JSON.valueToTree(dedupKey)
            + "}");
  }

  /** Slack's form-encoded (or JSON) parameters. */
  private static Map<String, String> params(String contentType, String body) {
    Map<String, String> params = new LinkedHashMap<>();
    if (contentType != null && contentType.contains("json")) {
      try {
        E2e.JSON
            .readTree(body)
            .properties()
            .forEach(e -> params.put(e.getKey(), e.getValue().asText()));
      } catch (IOException e) {
        // not Slack's JSON: no parameters
      }
      return params;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** Channels created so far, by name, with the time Slack created each. */
  synchronized Map<String, Instant> channelsCreated() {
    Map<String, Instant> created = new LinkedHashMap<>();
    channels.values().forEach(c -> created.put(c.name, c.createdAt));
    return created;
  }
}
