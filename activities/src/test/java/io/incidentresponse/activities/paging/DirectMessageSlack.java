package io.incidentresponse.activities.paging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The part of Slack's Web API that paging by direct message uses, behind MockWebServer, answering
 * with Slack's response bodies ({@code /slack/*.json}): {@code conversations.open} gives each known
 * user a DM channel ({@code user_not_found} for others), {@code chat.postMessage} keeps the message
 * with its blocks, {@code conversations.history} returns the kept ones newest first, {@code
 * chat.update} replaces one. Every request is recorded; faults queued per method come first.
 */
final class DirectMessageSlack extends Dispatcher {
  enum Fault {
    RATE_LIMITED,
    DOWN
  }

  record Call(String method, Map<String, String> form) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Set<String> users;
  private final Map<String, List<ObjectNode>> messages = new LinkedHashMap<>();
  private final Map<String, Deque<Fault>> faults = new LinkedHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private boolean down;
  private long ts = 1764426000;

  DirectMessageSlack(String... users) {
    this.users = Set.of(users);
  }

  synchronized DirectMessageSlack fail(String method, Fault... next) {
    faults.computeIfAbsent(method, m -> new ArrayDeque<>()).addAll(List.of(next));
    return this;
  }

  /** Every call answers 503 from now on. */
  synchronized DirectMessageSlack down() {
    down = true;
    return this;
  }

  synchronized List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** The messages kept in the DM channel of {@code user}, oldest first. */
  synchronized List<ObjectNode> messagesTo(String user) {
    return List.copyOf(messages.getOrDefault(channel(user), List.of()));
  }

  static String channel(String user) {
    return "D" + user.substring(1);
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String method = path.substring(path.lastIndexOf('/') + 1);
    Map<String, String> form = form(request.getBody() == null ? "" : request.getBody().utf8());
    calls.add(new Call(method, form));
    if (down) {
      return new MockResponse.Builder().code(503).body("upstream connect error").build();
    }
    Fault fault = faults.getOrDefault(method, new ArrayDeque<>()).poll();
    if (fault == Fault.RATE_LIMITED) {
      return new MockResponse.Builder()
          .code(429)
          .addHeader("Retry-After", "1")
          .addHeader("Content-Type", "application/json")
          .body(resource("ratelimited.json"))
          .build();
    }
    if (fault == Fault.DOWN) {
      return new MockResponse.Builder().code(503).body("upstream connect error").build();
    }
    return switch (method) {
      case "conversations.open" -> open(form.get("users"));
      case "conversations.history" -> history(form.get("channel"));
      case "chat.postMessage" -> post(form);
      case "chat.update" -> update(form);
      default -> ok("{\"ok\":false,\"error\":\"unknown_method\"}");
    };
  }

  private MockResponse open(String user) {
    if (!users.contains(user)) {
      return ok(resource("user_not_found.json"));
    }
    return ok(resource("conversations.open.json").replace("CHANNEL_ID", channel(user)));
  }

  private MockResponse history(String channel) {
    ObjectNode body = (ObjectNode) read(resource("conversations.history.json"));
    ArrayNode list = body.putArray("messages");
    List<ObjectNode> kept = new ArrayList<>(messages.getOrDefault(channel, List.of()));
    for (int i = kept.size() - 1; i >= 0; i--) {
      list.add(kept.get(i));
    }
    return ok(body.toString());
  }

  private MockResponse post(Map<String, String> form) {
    String channel = form.get("channel");
    String stamp = (ts++) + ".000100";
    ObjectNode body =
        (ObjectNode)
            read(
                resource("chat.postMessage.json")
                    .replace("CHANNEL_ID", channel)
                    .replace("\"TS\"", "\"" + stamp + "\"")
                    .replace("TEXT", "x"));
    ObjectNode message = (ObjectNode) body.get("message");
    message.put("text", form.get("text"));
    message.set("blocks", read(form.getOrDefault("blocks", "[]")));
    messages.computeIfAbsent(channel, c -> new ArrayList<>()).add(message.deepCopy());
    return ok(body.toString());
  }

  private MockResponse update(Map<String, String> form) {
    String channel = form.get("channel");
    for (ObjectNode message : messages.getOrDefault(channel, List.of())) {
      if (message.path("ts").asText().equals(form.get("ts"))) {
        message.put("text", form.get("text"));
        message.set("blocks", read(form.getOrDefault("blocks", "[]")));
        return ok(
            resource("chat.update.json")
                .replace("CHANNEL_ID", channel)
                .replace("\"TS\"", "\"" + form.get("ts") + "\"")
                .replace("TEXT", "x"));
      }
    }
    return ok("{\"ok\":false,\"error\":\"message_not_found\"}");
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  private JsonNode read(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = DirectMessageSlack.class.getResourceAsStream("/slack/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }
}
