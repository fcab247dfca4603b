package io.incidentresponse.activities.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.partner.FeedFormat;
import io.incidentresponse.workflows.partner.PartnerFeed;
import io.incidentresponse.workflows.partner.PartnerStatusActivities;
import io.incidentresponse.workflows.partner.ProviderIncident;
import io.temporal.failure.ApplicationFailure;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Reads a provider's status feed over HTTP ({@link HttpCalls}' classification of answers):
 * Atlassian Statuspage JSON with Jackson, Atom and RSS with ROME (which refuses doctypes, so no
 * external entity is ever fetched). Atom and RSS carry no status field: the status is read from the
 * text as Statuspage's own Atom writes it ({@code <strong>Resolved</strong> - ...}) or as AWS's RSS
 * titles do ({@code [RESOLVED] ...}), else unknown (null).
 */
public final class StatusFeedReader implements PartnerStatusActivities {
  static final int MAX_TITLE = 300;
  static final int MAX_TEXT = 1_000;
  static final int MAX_ID = 300;
  static final int MAX_COMPONENTS = 20;

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final Pattern UPDATE_STATUS =
      Pattern.compile(
          "\\b(investigating|identified|monitoring|resolved|update|postmortem|scheduled|in"
              + " progress|verifying|completed)\\s+-\\s",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern TITLE_STATUS =
      Pattern.compile(
          "^\\s*\\[(resolved|investigating|identified|monitoring)]", Pattern.CASE_INSENSITIVE);

  private final HttpCalls calls;

  public StatusFeedReader(OkHttpClient http) {
    this.calls =
        new HttpCalls("partner status feed", http.newBuilder().callTimeout(CALL_TIMEOUT).build());
  }

  @Override
  public List<ProviderIncident> readProviderIncidents(PartnerFeed feed) {
    Request request =
        new Request.Builder()
            .url(feed.url())
            .header(
                "Accept",
                feed.format() == FeedFormat.STATUSPAGE
                    ? "application/json"
                    : "application/atom+xml, application/rss+xml, application/xml, text/xml")
            .build();
    String what = feed.name() + " (" + feed.format().name().toLowerCase(Locale.ROOT) + ")";
    List<ProviderIncident> incidents =
        feed.format() == FeedFormat.STATUSPAGE
            ? statuspage(calls.send(what, request))
            : syndication(what, calls.text(what, request));
    return incidents.stream()
        .sorted(
            Comparator.comparing(
                    ProviderIncident::updatedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .reversed())
        .limit(MAX_INCIDENTS)
        .toList();
  }

  /** {@code {"page":{...},"incidents":[{"id","name","status","updated_at","shortlink",...}]}}. */
  static List<ProviderIncident> statuspage(JsonNode json) {
    JsonNode list = json.path("incidents");
    if (!list.isArray()) {
      throw ApplicationFailure.newFailure(
          "partner status feed answered JSON without an incidents list",
          FailureType.UNAVAILABLE.type());
    }
    List<ProviderIncident> incidents = new ArrayList<>();
    for (JsonNode incident : list) {
      List<String> components = new ArrayList<>();
      for (JsonNode component : incident.path("components")) {
        if (components.size() < MAX_COMPONENTS && component.path("name").isTextual()) {
          components.add(bounded(component.path("name").asText(), 100));
        }
      }
      JsonNode latest = incident.path("incident_updates").path(0);
      incidents.add(
          new ProviderIncident(
              bounded(text(incident, "id"), MAX_ID),
              bounded(text(incident, "name"), MAX_TITLE),
              bounded(text(incident, "status"), 40),
              text(incident, "updated_at"),
              bounded(text(incident, "shortlink"), 500),
              components,
              bounded(text(latest, "body"), MAX_TEXT)));
    }
    return incidents;
  }

  /** Atom entries or RSS items, one provider incident (update) each. */
  static List<ProviderIncident> syndication(String what, String xml) {
    SyndFeed parsed;
    try {
      parsed = new SyndFeedInput().build(new StringReader(xml));
    } catch (FeedException | IllegalArgumentException e) {
      throw ApplicationFailure.newFailure(
          "partner status feed " + what + " is not an Atom or RSS feed: " + e.getMessage(),
          FailureType.UNAVAILABLE.type());
    }
    List<ProviderIncident> incidents = new ArrayList<>();
    for (SyndEntry entry : parsed.getEntries()) {
      String id = entry.getUri() != null ? entry.getUri() : entry.getLink();
      if (id == null) {
        continue; // nothing to tell one update from another: it could never be passed on once
      }
      String title = plain(entry.getTitle());
      String latest = plain(content(entry));
      Date updated =
          entry.getUpdatedDate() != null ? entry.getUpdatedDate() : entry.getPublishedDate();
      incidents.add(
          new ProviderIncident(
              bounded(id, MAX_ID),
              bounded(title, MAX_TITLE),
              status(title, latest),
              updated == null ? null : updated.toInstant().toString(),
              bounded(entry.getLink(), 500),
              List.of(),
              bounded(latest, MAX_TEXT)));
    }
    return incidents;
  }

  private static String content(SyndEntry entry) {
    if (!entry.getContents().isEmpty()) {
      SyndContent first = entry.getContents().get(0);
      return first.getValue();
    }
    return entry.getDescription() == null ? null : entry.getDescription().getValue();
  }

  /** The status Statuspage's Atom or AWS's RSS title writes in the text, lower case, or null. */
  static String status(String title, String text) {
    Matcher inTitle = TITLE_STATUS.matcher(title == null ? "" : title);
    if (inTitle.find()) {
      return inTitle.group(1).toLowerCase(Locale.ROOT);
    }
    Matcher inText = UPDATE_STATUS.matcher(text == null ? "" : text);
    return inText.find() ? inText.group(1).toLowerCase(Locale.ROOT) : null;
  }

  /** HTML reduced to its text on one line. */
  static String plain(String html) {
    if (html == null) {
      return null;
    }
    return SPACE.matcher(TAG.matcher(html).replaceAll(" ")).replaceAll(" ").strip();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  private static String bounded(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
