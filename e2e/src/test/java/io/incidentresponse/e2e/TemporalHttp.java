package io.incidentresponse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Temporal server's own view of workflows, through its HTTP API (the dev server's {@code
 * --http-port}): history length and size as the server counts them, the events, and visibility
 * lists. No SDK: what is read here is exactly what the server stores.
 */
final class TemporalHttp {
  private final String base;

  TemporalHttp(String baseUrl, String namespace) {
    this.base =
        baseUrl.replaceAll("/+$", "")
            + "/api/v1/namespaces/"
            + URLEncoder.encode(namespace, StandardCharsets.UTF_8);
  }

  /** A workflow's current run: its history's events and bytes, and its status. */
  record Run(long events, long bytes, String status) {
    @Override
    public String toString() {
      return events + " events, " + bytes + " bytes, " + status;
    }
  }

  Run describe(String workflowId) {
    JsonNode info = get("/workflows/" + encode(workflowId)).path("workflowExecutionInfo");
    return new Run(
        info.path("historyLength").asLong(),
        info.path("historySizeBytes").asLong(),
        info.path("status").asText());
  }

  /**
   * One history event: its id, time, type ({@code EVENT_TYPE_...}), the activity type of a
   * scheduled activity, for an activity's later events the id of its scheduling (else 0), and for a
   * workflow or activity task's start the identity of the worker that took it (else null).
   */
  record Event(
      long id,
      Instant at,
      String type,
      String activityType,
      long scheduledEventId,
      String workerIdentity) {
    boolean scheduled(String activity) {
      return type.endsWith("ACTIVITY_TASK_SCHEDULED") && activity.equals(activityType);
    }
  }

  /** The current run's history, every page. */
  List<Event> events(String workflowId) {
    List<Event> events = new ArrayList<>();
    eachPage(
        "/workflows/" + encode(workflowId) + "/history",
        page -> {
          for (JsonNode event : page.path("history").path("events")) {
            events.add(
                new Event(
                    event.path("eventId").asLong(),
                    Instant.parse(event.path("eventTime").asText()),
                    event.path("eventType").asText(),
                    event
                        .path("activityTaskScheduledEventAttributes")
                        .path("activityType")
                        .path("name")
                        .asText(null),
                    scheduledEventId(event),
                    event
                        .path("workflowTaskStartedEventAttributes")
                        .path("identity")
                        .asText(
                            event
                                .path("activityTaskStartedEventAttributes")
                                .path("identity")
                                .asText(null))));
          }
        });
    return events;
  }

  private static long scheduledEventId(JsonNode event) {
    for (String attributes :
        List.of(
            "activityTaskStartedEventAttributes",
            "activityTaskCompletedEventAttributes",
            "activityTaskFailedEventAttributes",
            "activityTaskTimedOutEventAttributes")) {
      if (event.has(attributes)) {
        return event.path(attributes).path("scheduledEventId").asLong();
      }
    }
    return 0;
  }

  /**
   * When the first {@code activity} of the workflow was scheduled, started and closed, as {@code
   * [scheduled, started, closed]} (null for what has not happened).
   */
  Instant[] firstActivity(String workflowId, String activity) {
    Instant[] times = new Instant[3];
    long scheduled = 0;
    for (Event event : events(workflowId)) {
      if (scheduled == 0 && event.scheduled(activity)) {
        scheduled = event.id();
        times[0] = event.at();
      } else if (scheduled != 0 && event.scheduledEventId() == scheduled) {
        if (event.type().endsWith("STARTED")) {
          times[1] = event.at();
        } else {
          times[2] = event.at();
        }
      }
    }
    return times;
  }

  /** How many events of the current run's history are of {@code type}, e.g. {@code SIGNALED}. */
  long count(String workflowId, String type) {
    return events(workflowId).stream().filter(e -> e.type().endsWith(type)).count();
  }

  /** Workflow ids a visibility query finds (all pages). */
  List<String> ids(String query) {
    List<String> ids = new ArrayList<>();
    eachPage(
        "/workflows?query=" + encode(query),
        page -> {
          for (JsonNode execution : page.path("executions")) {
            ids.add(execution.path("execution").path("workflowId").asText());
          }
        });
    return ids;
  }

  /** Terminates the running workflow {@code id} with {@code reason}; false when it was not. */
  boolean terminate(String workflowId, String reason) {
    String url = base + "/workflows/" + encode(workflowId) + "/terminate";
    try {
      HttpResponse<String> response =
          E2e.HTTP.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(20))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          E2e.JSON.createObjectNode().put("reason", reason).toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Deletes schedule {@code id}; answers false when there was none. */
  boolean deleteSchedule(String id) {
    String url = base + "/schedules/" + encode(id);
    try {
      HttpResponse<String> response =
          E2e.HTTP.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(20))
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return false;
      }
      if (response.statusCode() != 200) {
        throw new AssertionError("DELETE " + url + " answered " + response.statusCode());
      }
      return true;
    } catch (IOException e) {
      throw new AssertionError("DELETE " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: DELETE " + url);
    }
  }

  /** A schedule's description as the server answers it, or null when there is none. */
  JsonNode schedule(String id) {
    try {
      return get("/schedules/" + encode(id));
    } catch (AssertionError notThere) {
      return null;
    }
  }

  /** Every page of a paged answer, following {@code nextPageToken}. */
  private void eachPage(String path, Consumer<JsonNode> read) {
    String token = "";
    do {
      JsonNode page =
          get(
              path
                  + (token.isEmpty()
                      ? ""
                      : (path.contains("?") ? "&" : "?") + "nextPageToken=" + encode(token)));
      read.accept(page);
      token = page.path("nextPageToken").asText("");
    } while (!token.isEmpty());
  }

  private JsonNode get(String path) {
    String url = base + path;
    try {
      HttpResponse<String> response =
          E2e.HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(
            "Temporal HTTP API GET "
                + url
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return E2e.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("Temporal HTTP API GET " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: GET " + url);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
