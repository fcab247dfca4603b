package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.activities.tracker.JiraIssues;
import io.incidentresponse.activities.tracker.TrackerSettings;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.incidentresponse.workflows.tracker.TrackerSetup;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** A tracker configured by its keys is served for real and tells postmortems its interval. */
@SpringBootTest(
    properties = {
      "spring.temporal.test-server.enabled=true",
      "incident.tracker.kind=jira",
      "incident.tracker.url=https://acme.atlassian.net/",
      "incident.tracker.project=OPS",
      "incident.tracker.email=ops-bot@acme.example",
      "incident.tracker.token=jira-wiring-secret",
      "incident.tracker.labels=postmortem,reliability",
      "incident.tracker.poll-every=6h"
    })
class TrackerWiringTest {
  @Autowired TrackerActivities tracker;
  @Autowired TrackerSettings settings;

  @Test
  void configuredJira_isServedForReal_andItsTokenStaysOutOfItsText() {
    assertThat(tracker).isInstanceOf(JiraIssues.class);
    assertThat(tracker.setup()).isEqualTo(new TrackerSetup("Jira OPS", Duration.ofHours(6)));
    assertThat(settings.url()).isEqualTo("https://acme.atlassian.net");
    assertThat(settings.labels()).containsExactly("postmortem", "reliability");
    assertThat(settings.toString()).doesNotContain("jira-wiring-secret");
  }
}
