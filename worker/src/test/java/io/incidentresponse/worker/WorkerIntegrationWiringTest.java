package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.activities.paging.PagerDutyPagingActivities;
import io.incidentresponse.activities.slack.SlackChatActivities;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.workflows.activities.ChatActivities;
import io.incidentresponse.workflows.activities.PagingActivities;
import io.incidentresponse.workflows.activities.StatusPageActivities;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Configured integrations are served for real; the rest stay "not configured". */
@SpringBootTest(
    properties = {
      "spring.temporal.test-server.enabled=true",
      "incident.slack.bot-token=xoxb-wiring-test",
      "incident.slack.alerts-channel=ops-alerts",
      "incident.slack.responders=U1,U2",
      "incident.pagerduty.routing-key=R0UT1NG"
    })
class WorkerIntegrationWiringTest {
  @Autowired ChatActivities chat;
  @Autowired PagingActivities paging;
  @Autowired StatusPageActivities statusPage;
  @Autowired SlackSettings slack;

  @Test
  void configuredIntegrations_areServedForRealAndTheRestReportNotConfigured() {
    assertThat(chat).isInstanceOf(SlackChatActivities.class);
    assertThat(paging).isInstanceOf(PagerDutyPagingActivities.class);
    assertThat(statusPage.toString()).isEqualTo("NotConfigured[status page]");
    assertThat(slack.alertsChannel()).isEqualTo("ops-alerts");
    assertThat(slack.responders()).containsExactly("U1", "U2");
    assertThat(slack.toString()).doesNotContain("xoxb-wiring-test");
  }
}
