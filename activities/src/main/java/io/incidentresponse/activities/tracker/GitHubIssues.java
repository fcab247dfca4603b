package io.incidentresponse.activities.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import io.incidentresponse.workflows.tracker.TicketRequest;
import io.incidentresponse.workflows.tracker.TicketState;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.incidentresponse.workflows.tracker.TrackerSetup;
import io.incidentresponse.workflows.tracker.TrackerTicket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Action items as GitHub issues (REST v3): {@code POST /repos/{owner}/{repo}/issues} to open,
 * {@code GET /repos/{owner}/{repo}/issues/{number}} to read back.
 *
 * <p>Created once: before creating, the repository's issues updated since shortly before the ticket
 * was first asked for are listed (the issues list, not the search API, whose index lags) and the
 * one whose body carries the item's marker is taken. Closed as {@code completed} means done; {@code
 * not_planned} or {@code duplicate} means dropped, with GitHub's reason.
 *
 * <p>GitHub answers a rate limit with 403 or 429 and either {@code Retry-After} or {@code
 * x-ratelimit-remaining: 0} with {@code x-ratelimit-reset}: both are retried after GitHub's delay,
 * not taken for bad credentials.
 */
public final class GitHubIssues implements TrackerActivities {
  private static final MediaType JSON = MediaType.get("application/json");

  /** How far before the first request a ticket made by it is looked for (clock skew). */
  static final Duration LOOKBACK = Duration.ofMinutes(10);

  /** Issues listed per page, and pages at most, when looking for a ticket made before. */
  static final int PAGE = 100;

  static final int MAX_PAGES = 10;

  private final TrackerSettings settings;
  private final HttpUrl repo;
  private final HttpCalls http;
  private final ObjectMapper mapper = new ObjectMapper();

  public GitHubIssues(TrackerSettings settings, OkHttpClient client, Clock clock) {
    this.settings = settings;
    this.repo =
        HttpUrl.get(settings.url())
            .newBuilder()
            .addPathSegment("repos")
            .addPathSegments(settings.project())
            .build();
    this.http =
        new HttpCalls(
            "GitHub",
            client
                .newBuilder()
                // A create whose answer was lost is retried by the activity, which looks first.
                .retryOnConnectionFailure(false)
                .addInterceptor(chain -> paced(chain, clock))
                .build());
  }

  @Override
  public TrackerSetup setup() {
    return new TrackerSetup(settings.name(), settings.pollEvery());
  }

  @Override
  public TrackerTicket openTicket(TicketRequest request) {
    TrackerTicket found = find(request);
    if (found != null) {
      return found;
    }
    ObjectNode issue = mapper.createObjectNode();
    issue.put("title", TicketText.title(request));
    issue.put("body", TicketText.body(request));
    settings.labels().forEach(issue.withArray("labels")::add);
    JsonNode created =
        http.send(
            "create issue in " + settings.project(),
            request(repo.newBuilder().addPathSegment("issues").build())
                .post(RequestBody.create(issue.toString(), JSON))
                .build());
    return ticket(created);
  }

  @Override
  public TicketState readTicket(TrackerTicket ticket) {
    JsonNode issue =
        http.send(
            "read issue #" + ticket.key(),
            request(repo.newBuilder().addPathSegment("issues").addPathSegment(ticket.key()).build())
                .get()
                .build());
    if (!"closed".equals(issue.path("state").asText())) {
      return TicketState.open(ticket);
    }
    String how = issue.path("state_reason").asText("completed");
    String by = issue.path("closed_by").path("login").asText("");
    String reason =
        "closed as "
            + how.replace('_', ' ')
            + (by.isBlank() ? "" : " by " + TicketText.truncated(by, TicketText.MAX_WORD))
            + " in GitHub #"
            + ticket.key();
    boolean dropped = how.equals("not_planned") || how.equals("duplicate");
    return new TicketState(
        ticket, dropped ? ActionItemStatus.WONT_DO : ActionItemStatus.DONE, reason);
  }

  /** The issue an earlier attempt made for this item, or null. */
  private TrackerTicket find(TicketRequest request) {
    String marker = TicketText.marker(request);
    Instant since = request.requestedAt().minus(LOOKBACK).truncatedTo(ChronoUnit.SECONDS);
    for (int page = 1; page <= MAX_PAGES; page++) {
      HttpUrl url =
          repo.newBuilder()
              .addPathSegment("issues")
              .addQueryParameter("state", "all")
              .addQueryParameter("since", since.toString())
              .addQueryParameter("sort", "created")
              .addQueryParameter("direction", "desc")
              .addQueryParameter("per_page", String.valueOf(PAGE))
              .addQueryParameter("page", String.valueOf(page))
              .build();
      JsonNode issues =
          http.send("list issues of " + settings.project(), request(url).get().build());
      for (JsonNode issue : issues) {
        if (!issue.has("pull_request") && issue.path("body").asText("").contains(marker)) {
          return ticket(issue);
        }
      }
      if (issues.size() < PAGE) {
        return null;
      }
    }
    return null;
  }

  private static TrackerTicket ticket(JsonNode issue) {
    return new TrackerTicket(issue.path("number").asText(), issue.path("html_url").asText());
  }

  private Request.Builder request(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Authorization", "Bearer " + settings.credential())
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", settings.apiVersion());
  }

  /**
   * GitHub's rate limits as a 429 with Retry-After, which {@link HttpCalls} retries after that
   * delay: a 403 or 429 with {@code Retry-After} (secondary limit), or with {@code
   * x-ratelimit-remaining: 0} (primary limit, until {@code x-ratelimit-reset}).
   */
  private static Response paced(okhttp3.Interceptor.Chain chain, Clock clock)
      throws java.io.IOException {
    Response response = chain.proceed(chain.request());
    if (response.code() != 403 && response.code() != 429) {
      return response;
    }
    String retryAfter = response.header("Retry-After");
    if (retryAfter == null && "0".equals(response.header("x-ratelimit-remaining"))) {
      try {
        long reset = Long.parseLong(response.header("x-ratelimit-reset", "").strip());
        retryAfter = String.valueOf(Math.max(1, reset - clock.instant().getEpochSecond()));
      } catch (NumberFormatException e) {
        retryAfter = "60";
      }
    }
    if (retryAfter == null) {
      return response;
    }
    return response.newBuilder().code(429).header("Retry-After", retryAfter).build();
  }
}
