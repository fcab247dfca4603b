package io.incidentresponse.activities.changes;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.activities.diagnosis.Probe;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The RECENT_CHANGES probe: the service's ArgoCD application ({@code GET
 * /api/v1/applications/<app>}) and its deploy history ({@code status.history}).
 *
 * <ul>
 *   <li>ANOMALY when a deploy finished ({@code deployedAt}, else {@code deployStartedAt}) within
 *       {@link ArgoCdSettings#window()} before the end of the diagnosis window: "deployed a1b2c3d
 *       at 13:50 UTC, 10 min before detection; previous a0f9e8d". Facts {@link
 *       FindingFacts#CHANGE_AT}, {@link FindingFacts#CHANGE_REVISION} and {@link
 *       FindingFacts#CHANGE_PREVIOUS_REVISION} (full revisions: what a rollback needs) describe the
 *       newest such deploy.
 *   <li>Health other than Healthy (Degraded, Missing, Progressing...), OutOfSync, and a sync
 *       operation running or failed go in the evidence and the summary; on their own they do not
 *       make an ANOMALY (pods and metrics judge health; this probe judges changes).
 *   <li>ArgoCD answers 403 "permission denied" both for a token without rights and for an
 *       application that does not exist (to hide which exist); the INVALID_CREDENTIALS failure says
 *       so and names the application.
 * </ul>
 */
public final class ArgoCdChanges implements Probe {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final Set<String> SETTLED_HEALTH = Set.of("Healthy", "");

  private final ArgoCdSettings settings;
  private final HttpUrl base;
  private final HttpCalls http;
  private final Clock clock;

  public ArgoCdChanges(ArgoCdSettings settings, OkHttpClient client, Clock clock) {
    this.settings = settings;
    this.base = settings.url() == null ? null : HttpUrl.parse(settings.url());
    if (base == null) {
      throw ExpectedFailures.notConfigured(
          "ArgoCD URL is not a valid http(s) URL: " + settings.url());
    }
    this.http = new HttpCalls("ArgoCD", client);
    this.clock = clock;
  }

  @Override
  public Finding inspect(DiagnosisRequest request) {
    return listRecentChanges(request);
  }

  public Finding listRecentChanges(DiagnosisRequest request) {
    String app = settings.application(request.service());
    JsonNode application = fetch(app);
    Instant to = request.to() != null ? request.to() : clock.instant();
    Instant since = to.minus(settings.window());

    List<Deploy> history = history(application.path("status").path("history"));
    List<Deploy> recent =
        history.stream().filter(d -> d.at().isAfter(since) && !d.at().isAfter(to)).toList();

    List<String> evidence = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    for (int i = recent.size() - 1; i >= 0; i--) {
      Deploy deploy = recent.get(i);
      Deploy previous = previous(history, deploy);
      evidence.add(deploy.describe(to, previous));
    }
    for (Deploy later : history.stream().filter(d -> d.at().isAfter(to)).toList()) {
      evidence.add(
          "deployed "
              + short_(later.revision())
              + " at "
              + TIME.format(later.at())
              + ", after detection");
    }
    if (!recent.isEmpty()) {
      Deploy newest = recent.get(recent.size() - 1);
      facts.put(FindingFacts.CHANGE_AT, newest.at().toString());
      facts.put(FindingFacts.CHANGE_REVISION, newest.revision());
      Deploy previous = previous(history, newest);
      if (previous != null) {
        facts.put(FindingFacts.CHANGE_PREVIOUS_REVISION, previous.revision());
      }
      if (!newest.source().isEmpty()) {
        evidence.add("source " + newest.source());
      }
    }

    List<String> state = state(application.path("status"));
    evidence.addAll(state);
    String label =
        app.equals(request.service()) ? app : request.service() + " (ArgoCD " + app + ")";
    String stateSuffix = state.isEmpty() ? "" : "; " + String.join("; ", state);

    if (!recent.isEmpty()) {
      Deploy newest = recent.get(recent.size() - 1);
      String more = recent.size() > 1 ? " (" + recent.size() + " deploys in the window)" : "";
      return new Finding(
          DiagnosisProbe.RECENT_CHANGES,
          FindingOutcome.ANOMALY,
          label + " " + newest.describe(to, previous(history, newest)) + more + stateSuffix,
          evidence,
          List.of(),
          clock.instant(),
          facts);
    }
    String last =
        history.isEmpty()
            ? "no deploys recorded"
            : "last deployed "
                + short_(history.get(history.size() - 1).revision())
                + " at "
                + DAY_TIME.format(history.get(history.size() - 1).at());
    if (!history.isEmpty()) {
      evidence.add(0, last);
    }
    return new Finding(
        DiagnosisProbe.RECENT_CHANGES,
        FindingOutcome.HEALTHY,
        "no deploys of "
            + label
            + " in the "
            + human(settings.window())
            + " before "
            + TIME.format(to)
            + "; "
            + last
            + stateSuffix,
        evidence,
        List.of(),
        clock.instant(),
        facts);
  }

  /**
   * The service's deploys from its application's history, oldest first (the git changes probe
   * matches them to commits). Failures as for {@link #listRecentChanges}.
   */
  public List<Deploy> deployHistory(String service) {
    return history(fetch(settings.application(service)).path("status").path("history"));
  }

  private JsonNode fetch(String app) {
    HttpUrl url =
        base.newBuilder().addPathSegments("api/v1/applications").addPathSegment(app).build();
    Request.Builder request = new Request.Builder().url(url).get();
    if (!ArgoCdSettings.blank(settings.token())) {
      request.header("Authorization", "Bearer " + settings.token());
    }
    JsonNode application;
    try {
      application = http.send("application " + app, request.build());
    } catch (ApplicationFailure e) {
      if (FailureType.INVALID_CREDENTIALS.type().equals(e.getType())
          && e.getOriginalMessage().contains("answered 403")) {
        throw ApplicationFailure.newNonRetryableFailure(
            e.getOriginalMessage()
                + " (ArgoCD also answers 403 for an application that does not exist or that the"
                + " token may not see: check that application "
                + app
                + " exists and the token's role may get it)",
            e.getType());
      }
      throw e;
    }
    if (!application.path("metadata").isObject() || !application.path("status").isObject()) {
      throw ApplicationFailure.newFailure(
          "ArgoCD application "
              + app
              + " answered without metadata and status: not the ArgoCD API?",
          FailureType.UNAVAILABLE.type());
    }
    return application;
  }

  /** The deploys, oldest first. */
  static List<Deploy> history(JsonNode entries) {
    List<Deploy> deploys = new ArrayList<>();
    for (JsonNode entry : entries) {
      Instant at = instant(entry.path("deployedAt").asText(null));
      if (at == null) {
        at = instant(entry.path("deployStartedAt").asText(null));
      }
      if (at == null) {
        continue;
      }
      String revision = entry.path("revision").asText("");
      if (revision.isEmpty() && entry.path("revisions").isArray()) {
        List<String> revisions = new ArrayList<>();
        entry.path("revisions").forEach(r -> revisions.add(r.asText()));
        revision = String.join(",", revisions);
      }
      deploys.add(new Deploy(entry.path("id").asLong(-1), revision, at, source(entry)));
    }
    deploys.sort(Comparator.comparing(Deploy::at).thenComparingLong(Deploy::id));
    return deploys;
  }

  private static String source(JsonNode entry) {
    List<String> parts = new ArrayList<>();
    List<JsonNode> sources = new ArrayList<>();
    if (entry.path("source").isObject()) {
      sources.add(entry.path("source"));
    }
    entry.path("sources").forEach(sources::add);
    for (JsonNode source : sources) {
      String repo = source.path("repoURL").asText("");
      if (repo.isEmpty()) {
        continue;
      }
      StringBuilder part = new StringBuilder(repo);
      if (source.hasNonNull("chart")) {
        part.append(" chart ").append(source.path("chart").asText());
      } else if (source.hasNonNull("path")) {
        part.append(" path ").append(source.path("path").asText());
      }
      if (source.hasNonNull("targetRevision")) {
        part.append(" @ ").append(source.path("targetRevision").asText());
      }
      parts.add(part.toString());
    }
    return String.join("; ", parts);
  }

  private static Deploy previous(List<Deploy> history, Deploy deploy) {
    int index = history.indexOf(deploy);
    return index > 0 ? history.get(index - 1) : null;
  }

  /** Sync, health and operation state worth reading during an incident. */
  private static List<String> state(JsonNode status) {
    List<String> lines = new ArrayList<>();
    String health = status.path("health").path("status").asText("");
    if (!SETTLED_HEALTH.contains(health)) {
      String message = status.path("health").path("message").asText("");
      String sinceWhen = status.path("health").path("lastTransitionTime").asText("");
      Instant transition = instant(sinceWhen);
      lines.add(
          "health "
              + health
              + (transition == null ? "" : " since " + TIME.format(transition))
              + (message.isEmpty() ? "" : ": " + message));
    }
    String sync = status.path("sync").path("status").asText("");
    if ("OutOfSync".equals(sync)) {
      String revision = status.path("sync").path("revision").asText("");
      lines.add("OutOfSync" + (revision.isEmpty() ? "" : " with " + short_(revision)));
    }
    JsonNode operation = status.path("operationState");
    String phase = operation.path("phase").asText("");
    if ("Running".equals(phase) || "Terminating".equals(phase)) {
      Instant started = instant(operation.path("startedAt").asText(null));
      lines.add(
          "sync "
              + phase.toLowerCase()
              + (started == null ? "" : " since " + TIME.format(started)));
    } else if ("Failed".equals(phase) || "Error".equals(phase)) {
      Instant finished = instant(operation.path("finishedAt").asText(null));
      String revision = operation.at("/operation/sync/revision").asText("");
      String message = operation.path("message").asText("");
      lines.add(
          "last sync "
              + phase
              + (revision.isEmpty() ? "" : " for " + short_(revision))
              + (finished == null ? "" : " at " + TIME.format(finished))
              + (message.isEmpty() ? "" : ": " + truncate(message)));
    }
    return lines;
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A git SHA shortened to 7 characters; a tag, branch or chart version as it is. */
  static String short_(String revision) {
    if (revision == null || revision.isEmpty()) {
      return "(unknown revision)";
    }
    if (revision.contains(",")) {
      return String.join(
          ",", java.util.Arrays.stream(revision.split(",")).map(ArgoCdChanges::short_).toList());
    }
    return revision.matches("[0-9a-f]{40}") ? revision.substring(0, 7) : revision;
  }

  /** {@code 10 min}, {@code 1 h 5 min}, {@code 2 h}, to the nearest minute. */
  static String human(Duration duration) {
    long minutes = Math.max(0, (duration.toSeconds() + 30) / 60);
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    long rest = minutes % 60;
    return hours + " h" + (rest == 0 ? "" : " " + rest + " min");
  }

  private static String truncate(String message) {
    String oneLine = message.strip().replaceAll("\\s*\\R\\s*", " ");
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }

  /** One entry of {@code status.history}. */
  public record Deploy(long id, String revision, Instant at, String source) {
    /** {@code deployed a1b2c3d at 13:50 UTC, 10 min before detection; previous a0f9e8d}. */
    String describe(Instant detection, Deploy previous) {
      return "deployed "
          + short_(revision)
          + " at "
          + TIME.format(at)
          + ", "
          + human(Duration.between(at, detection))
          + " before detection"
          + (previous == null
              ? "; no previous deploy recorded"
              : "; previous " + short_(previous.revision()));
    }
  }
}
