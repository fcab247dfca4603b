package io.incidentresponse.activities.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.partner.FeedFormat;
import io.incidentresponse.workflows.partner.PartnerFeed;
import io.incidentresponse.workflows.partner.ProviderIncident;
import io.temporal.failure.ApplicationFailure;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partner status feeds against MockWebServer serving what the providers serve: GitHub's Statuspage
 * {@code unresolved.json} and {@code history.atom}, an AWS Health RSS feed.
 */
class StatusFeedReaderTest {
  private final MockWebServer provider = new MockWebServer();
  private final StatusFeedReader reader = new StatusFeedReader(new OkHttpClient());

  @BeforeEach
  void start() throws Exception {
    provider.start();
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  private static String fixture(String name) throws Exception {
    try (InputStream in = StatusFeedReaderTest.class.getResourceAsStream("/partner/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private PartnerFeed feed(FeedFormat format) {
    return new PartnerFeed(
        "github",
        provider.url("/feed").toString(),
        format,
        List.of("checkout"),
        List.of(),
        false,
        Severity.P2);
  }

  private void serve(String body, String type) {
    provider.enqueue(
        new MockResponse.Builder().code(200).addHeader("Content-Type", type).body(body).build());
  }

  @Test
  void statuspage_givenUnresolvedJson_answersEachIncidentWithStatusComponentsAndLatestUpdate()
      throws Exception {
    serve(fixture("github-unresolved.json"), "application/json; charset=utf-8");

    List<ProviderIncident> incidents = reader.readProviderIncidents(feed(FeedFormat.STATUSPAGE));

    // most recently updated first
    assertThat(incidents)
        .extracting(ProviderIncident::id)
        .containsExactly("t7bk2e5sv3nd", "m4xq1c9wz7kp");
    ProviderIncident git = incidents.get(1);
    assertThat(git.title()).isEqualTo("Incident with Git Operations");
    assertThat(git.status()).isEqualTo("identified");
    assertThat(git.updatedAt()).isEqualTo("2026-11-30T17:12:44.902Z");
    assertThat(git.url()).isEqualTo("https://stspg.io/m4xq1c9w");
    assertThat(git.components()).containsExactly("Git Operations");
    assertThat(git.latestUpdate()).startsWith("We have identified the cause");
    assertThat(git.resolved()).isFalse();
    assertThat(git.concerns(List.of("git operations"))).isTrue();
    assertThat(git.concerns(List.of("Actions"))).isFalse();
    assertThat(provider.takeRequest().getHeaders().get("Accept")).isEqualTo("application/json");
  }

  @Test
  void atom_givenStatuspageHistory_readsTheStatusFromTheLatestUpdateText() throws Exception {
    serve(fixture("github-history.atom"), "application/atom+xml");

    List<ProviderIncident> incidents = reader.readProviderIncidents(feed(FeedFormat.ATOM));

    assertThat(incidents).hasSize(2);
    ProviderIncident actions = incidents.get(0);
    assertThat(actions.id()).isEqualTo("tag:www.githubstatus.com,2005:Incident/24681357");
    assertThat(actions.title()).isEqualTo("Incident with Actions");
    assertThat(actions.updatedAt()).isEqualTo("2026-11-30T17:35:10Z");
    assertThat(actions.url()).isEqualTo("https://www.githubstatus.com/incidents/t7bk2e5sv3nd");
    assertThat(actions.status()).isEqualTo("investigating");
    assertThat(actions.latestUpdate())
        .isEqualTo(
            "Nov 30 , 17:35 UTC Investigating - We are investigating reports of degraded"
                + " performance for Actions.");
    assertThat(incidents.get(1).status()).isEqualTo("resolved");
    assertThat(incidents.get(1).resolved()).isTrue();
  }

  @Test
  void rss_givenAwsHealthFeed_answersEachItemAndTheResolvedMarkInItsTitle() throws Exception {
    serve(fixture("aws-status.rss"), "application/rss+xml");

    List<ProviderIncident> incidents = reader.readProviderIncidents(feed(FeedFormat.RSS));

    assertThat(incidents).hasSize(2);
    ProviderIncident open = incidents.get(0);
    assertThat(open.id()).isEqualTo("https://status.aws.amazon.com/#ec2-us-east-1_1796059800");
    assertThat(open.title()).isEqualTo("Service impact: Increased API Error Rates");
    assertThat(open.updatedAt()).isEqualTo("2026-11-30T17:30:00Z");
    assertThat(open.status()).isNull();
    assertThat(open.resolved()).isFalse();
    assertThat(open.concerns(List.of("EC2"))).isTrue();
    assertThat(incidents.get(1).status()).isEqualTo("resolved");
  }

  @Test
  void feed_givenNotFound_isFinalAndAnHtmlPageIsRetried() {
    provider.enqueue(new MockResponse.Builder().code(404).body("Not Found").build());
    serve("<!DOCTYPE html><html><body>Bad gateway</body></html>", "text/html");

    ApplicationFailure missing =
        catchThrowableOfType(
            ApplicationFailure.class, () -> reader.readProviderIncidents(feed(FeedFormat.ATOM)));
    ApplicationFailure page =
        catchThrowableOfType(
            ApplicationFailure.class, () -> reader.readProviderIncidents(feed(FeedFormat.RSS)));

    assertThat(missing.getType()).isEqualTo(FailureType.NOT_FOUND.type());
    assertThat(missing.isNonRetryable()).isTrue();
    assertThat(page.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(page.isNonRetryable()).isFalse();
  }

  @Test
  void feed_givenRateLimited_isRetriedAfterTheProvidersDelay() {
    provider.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "30").body("{}").build());

    ApplicationFailure limited =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> reader.readProviderIncidents(feed(FeedFormat.STATUSPAGE)));

    assertThat(limited.isNonRetryable()).isFalse();
    assertThat(limited.getNextRetryDelay()).hasSeconds(30);
  }

  @Test
  void atom_givenAnExternalEntity_refusesItAndReadsNoFile(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "root-password-123");
    serve(
        "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&x;</title>"
            + "<entry><id>1</id><title>&x;</title><updated>2026-11-30T17:00:00Z</updated></entry>"
            + "</feed>",
        "application/atom+xml");

    Throwable refused =
        catchThrowableOfType(
            ApplicationFailure.class, () -> reader.readProviderIncidents(feed(FeedFormat.ATOM)));

    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).doesNotContain("root-password-123");
  }

  @Test
  void statuspage_givenThousandsOfIncidentsWithLongNames_answersABoundedList() {
    StringBuilder json = new StringBuilder("{\"incidents\":[");
    for (int i = 0; i < 2_000; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":\"i")
          .append(i)
          .append("\",\"name\":\"")
          .append("n".repeat(5_000))
          .append("\",\"status\":\"investigating\",\"updated_at\":\"2026-11-30T17:00:00Z\"}");
    }
    serve(json.append("]}").toString(), "application/json");

    List<ProviderIncident> incidents = reader.readProviderIncidents(feed(FeedFormat.STATUSPAGE));

    assertThat(incidents).hasSize(StatusFeedReader.MAX_INCIDENTS);
    assertThat(incidents.get(0).title()).hasSize(StatusFeedReader.MAX_TITLE + 1);
  }
}
