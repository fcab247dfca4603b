package io.incidentresponse.activities.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * The part of Slack's Web API that channel opening uses, behind MockWebServer: channels are kept,
 * {@code conversations.create} answers {@code name_taken} for a name that exists, {@code
 * conversations.list} pages its channels, and every request is recorded. Faults queued per method
 * ({@link #fail}) come before the normal answer, as Slack would give them: a 429 with Retry-After,
 * a 500, or a channel created whose answer never arrives (the connection drops, or hangs).
 */
final class RecordingSlack extends Dispatcher {
  static final String BOT = "U0BOT";

  /** What Slack does to the next call of a method instead of answering it normally. */
  enum Fault {
    RATE_LIMITED,
    SERVER_ERROR,
    /** The channel is created, then the connection drops before the answer. */
    CREATED_THEN_DISCONNECTED,
    /** The channel is created, then the answer never comes. */
    CREATED_THEN_HANGS
  }

  /** A channel as Slack keeps it. */
  static final class Channel {
    final String id;
    final String name;
    final String creator;
    volatile String purpose = "";
    volatile String topic = "";

    Channel(String id, String name, String creator) {
      this.id = id;
      this.name = name;
      this.creator = creator;
    }
  }

  /** One request Slack received: its method, its form fields, when (System.nanoTime). */
  record Call(String method, Map<String, String> form, long atNanos) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Map<String, Deque<Fault>> faults = new LinkedHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<Channel> created = new ArrayList<>();
  private int retryAfterSeconds = 1;
  private int pageSize = 1000;

  synchronized RecordingSlack fail(String method, Fault... next) {
    faults.computeIfAbsent(method, m -> new ArrayDeque<>()).addAll(List.of(next));
    return this;
  }

  synchronized RecordingSlack retryAfter(int seconds) {
    retryAfterSeconds = seconds;
    return this;
  }

  /** Slack may answer a page with fewer channels than asked for. */
  synchronized RecordingSlack pageSize(int size) {
    pageSize = size;
    return this;
  }

  /** A channel that exists before the test, e.g. one a person made. */
  synchronized Channel existing(String name, String creator, String purpose) {
    Channel channel = newChannel(name, creator);
    channel.purpose = purpose;
    return channel;
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** Channels created by {@code conversations.create}, in order. */
  synchronized List<Channel> created() {
    return List.copyOf(created);
  }

  synchronized Channel channel(String id) {
    return channels.values().stream().filter(c -> c.id.equals(id)).findFirst().orElseThrow();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getUrl().encodedPath().replaceFirst("^/api/", "");
    Map<String, String> form = form(request);
    Fault fault;
    synchronized (this) {
      calls.add(new Call(method, form, System.nanoTime()));
      Deque<Fault> queued = faults.get(method);
      fault = queued == null ? null : queued.poll();
    }
    try {
      if (fault == Fault.RATE_LIMITED) {
        return new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", retryAfterSeconds)
            .addHeader("Content-Type", "application/json; charset=utf-8")
            .body("{\"ok\":false,\"error\":\"ratelimited\"}")
            .build();
      }
      if (fault == Fault.SERVER_ERROR) {
        return new MockResponse.Builder().code(500).body("").build();
      }
      MockResponse answer = answer(method, form);
      if (fault == Fault.CREATED_THEN_DISCONNECTED) {
        return new MockResponse.Builder(answer)
            .onResponseStart(new SocketEffect.CloseSocket())
            .build();
      }
      if (fault == Fault.CREATED_THEN_HANGS) {
        return new MockResponse.Builder(answer)
            .onResponseStart(SocketEffect.Stall.INSTANCE)
            .build();
      }
      return answer;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private synchronized MockResponse answer(String method, Map<String, String> form)
      throws JsonProcessingException {
    switch (method) {
      case "auth.test":
        return ok(
            Map.of(
                "url", "https://example.slack.com/",
                "team", "Example",
                "user", "incident-bot",
                "team_id", "T0EXAMPLE",
                "user_id", BOT,
                "bot_id", "B0BOT",
                "is_enterprise_install", false));
      case "conversations.create":
        if (channels.containsKey(form.get("name"))) {
          return error("name_taken");
        }
        Channel channel = newChannel(form.get("name"), BOT);
        created.add(channel);
        return ok(Map.of("channel", describe(channel)));
      case "conversations.list":
        return ok(page(form.get("cursor")));
      case "conversations.setPurpose":
        channel(form.get("channel")).purpose = form.get("purpose");
        return ok(Map.of("purpose", form.get("purpose")));
      case "conversations.setTopic":
        channel(form.get("channel")).topic = form.get("topic");
        return ok(Map.of("topic", form.get("topic")));
      case "conversations.invite":
        return ok(Map.of("channel", describe(channel(form.get("channel")))));
      case "chat.postMessage":
        return ok(Map.of("channel", form.get("channel"), "ts", "1764426000.000100"));
      default:
        return error("unknown_method");
    }
  }

  private Map<String, Object> page(String cursor) {
    List<Channel> all = new ArrayList<>(channels.values());
    int from = cursor == null || cursor.isBlank() ? 0 : Integer.parseInt(cursor.substring(4));
    int to = Math.min(all.size(), from + pageSize);
    List<Map<String, Object>> listed = new ArrayList<>();
    for (Channel channel : all.subList(from, to)) {
      listed.add(describe(channel));
    }
    String next = to < all.size() ? "dXNl" + to : "";
    return Map.of("channels", listed, "response_metadata", Map.of("next_cursor", next));
  }

  private Channel newChannel(String name, String creator) {
    Channel channel = new Channel(String.format("C0%08d", channels.size() + 1), name, creator);
    channels.put(name, channel);
    return channel;
  }

  private static Map<String, Object> describe(Channel channel) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", channel.id);
    out.put("name", channel.name);
    out.put("is_channel", true);
    out.put("is_group", false);
    out.put("is_im", false);
    out.put("created", 1764426000);
    out.put("creator", channel.creator);
    out.put("is_archived", false);
    out.put("is_general", false);
    out.put("name_normalized", channel.name);
    out.put("is_private", false);
    out.put("is_member", true);
    out.put("topic", Map.of("value", channel.topic, "creator", "", "last_set", 0));
    out.put("purpose", Map.of("value", channel.purpose, "creator", "", "last_set", 0));
    return out;
  }

  private MockResponse ok(Map<String, Object> fields) throws JsonProcessingException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ok", true);
    body.putAll(fields);
    return json(json.writeValueAsString(body));
  }

  private static MockResponse error(String code) {
    return json("{\"ok\":false,\"error\":\"" + code + "\"}");
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  static Map<String, String> form(RecordedRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (request.getBody() == null || request.getBody().size() == 0) {
      return fields;
    }
    for (String pair : request.getBody().utf8().split("&")) {
      String[] kv = pair.split("=", 2);
      fields.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return fields;
  }
}
