package io.incidentresponse.activities.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import io.incidentresponse.workflows.tracker.TicketRequest;
import io.incidentresponse.workflows.tracker.TicketState;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.incidentresponse.workflows.tracker.TrackerSetup;
import io.incidentresponse.workflows.tracker.TrackerTicket;
import io.temporal.failure.ApplicationFailure;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Action items as Jira issues (REST v2, Cloud and Server/Data Center): {@code POST
 * /rest/api/2/issue} to open, {@code GET /rest/api/2/issue/{key}?fields=status,resolution} to read
 * back. Basic auth (account e-mail and API token, Jira Cloud) or a bearer personal access token
 * (Server/Data Center).
 *
 * <p>Created once: every ticket carries a label made of the incident and item ids, and a JQL search
 * for it ({@code /rest/api/2/search/jql} on Cloud; {@code /rest/api/2/search} where that is not
 * found, on Server) runs before anything is created. A ticket whose status category is {@code done}
 * closes the item: dropped when its resolution is one of {@link
 * TrackerSettings#wontDoResolutions()}, done otherwise.
 */
public final class JiraIssues implements TrackerActivities {
  private static final MediaType JSON = MediaType.get("application/json");

  private final TrackerSettings settings;
  private final HttpUrl base;
  private final HttpCalls http;
  private final ObjectMapper mapper = new ObjectMapper();

  public JiraIssues(TrackerSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.base = HttpUrl.get(settings.url());
    // A create whose answer was lost is retried by the activity, which looks first.
    this.http = new HttpCalls("Jira", client.newBuilder().retryOnConnectionFailure(false).build());
  }

  @Override
  public TrackerSetup setup() {
    return new TrackerSetup(settings.name(), settings.pollEvery());
  }

  @Override
  public TrackerTicket openTicket(TicketRequest request) {
    String label = TicketText.label(request);
    TrackerTicket found = find(label);
    if (found != null) {
      return found;
    }
    ObjectNode fields = mapper.createObjectNode();
    fields.putObject("project").put("key", settings.project());
    fields.put("summary", TicketText.title(request));
    fields.put("description", TicketText.body(request));
    fields.putObject("issuetype").put("name", settings.issueType());
    settings.labels().forEach(fields.withArray("labels")::add);
    fields.withArray("labels").add(label);
    ObjectNode issue = mapper.createObjectNode();
    issue.set("fields", fields);
    JsonNode created =
        http.send(
            "create issue in " + settings.project(),
            request(api().addPathSegment("issue").build())
                .post(RequestBody.create(issue.toString(), JSON))
                .build());
    return ticket(created.path("key").asText());
  }

  @Override
  public TicketState readTicket(TrackerTicket ticket) {
    JsonNode issue =
        http.send(
            "read issue " + ticket.key(),
            request(
                    api()
                        .addPathSegment("issue")
                        .addPathSegment(ticket.key())
                        .addQueryParameter("fields", "status,resolution")
                        .build())
                .get()
                .build());
    JsonNode fields = issue.path("fields");
    if (!"done".equals(fields.path("status").path("statusCategory").path("key").asText())) {
      return TicketState.open(ticket);
    }
    String resolution = fields.path("resolution").path("name").asText("");
    String status = fields.path("status").path("name").asText("Done");
    boolean dropped = settings.wontDoResolutions().stream().anyMatch(resolution::equalsIgnoreCase);
    String reason =
        (resolution.isBlank()
                ? TicketText.truncated(status, TicketText.MAX_WORD)
                : "resolved " + TicketText.truncated(resolution, TicketText.MAX_WORD))
            + " in Jira "
            + ticket.key();
    return new TicketState(
        ticket, dropped ? ActionItemStatus.WONT_DO : ActionItemStatus.DONE, reason);
  }

  /** The issue an earlier attempt made with this label, or null. */
  private TrackerTicket find(String label) {
    String jql = "project = \"" + settings.project() + "\" AND labels = \"" + label + "\"";
    JsonNode found;
    try {
      found = http.send("search issues", search("jql", jql));
    } catch (ApplicationFailure e) {
      if (!FailureType.NOT_FOUND.type().equals(e.getType())) {
        throw e;
      }
      // Jira Server and Data Center have only the older search.
      found = http.send("search issues", search(null, jql));
    }
    JsonNode first = found.path("issues").path(0);
    return first.path("key").isTextual() ? ticket(first.path("key").asText()) : null;
  }

  private Request search(String path, String jql) {
    HttpUrl.Builder url = api().addPathSegment("search");
    if (path != null) {
      url.addPathSegment(path);
    }
    return request(
            url.addQueryParameter("jql", jql)
                .addQueryParameter("fields", "status")
                .addQueryParameter("maxResults", "1")
                .build())
        .get()
        .build();
  }

  private TrackerTicket ticket(String key) {
    return new TrackerTicket(
        key, base.newBuilder().addPathSegment("browse").addPathSegment(key).build().toString());
  }

  private HttpUrl.Builder api() {
    return base.newBuilder().addPathSegments("rest/api/2");
  }

  private Request.Builder request(HttpUrl url) {
    String token = settings.credential();
    return new Request.Builder()
        .url(url)
        .header(
            "Authorization",
            settings.email() == null
                ? "Bearer " + token
                : Credentials.basic(settings.email(), token))
        .header("Accept", "application/json");
  }
}
