package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.activities.slack.SlackChatActivities;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.workflows.activities.ChatActivities;
import io.incidentresponse.workflows.activities.PagingActivities;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** With a bot token the worker serves chat through Slack; the rest stays "not configured". */
@SpringBootTest(
    properties = {
      "spring.temporal.test-server.enabled=true",
      "incident.slack.bot-token=xoxb-wiring-test",
      "incident.slack.alerts-channel=ops-alerts",
      "incident.slack.responders=U1,U2"
    })
class WorkerSlackWiringTest {
  @Autowired ChatActivities chat;
  @Autowired PagingActivities paging;
  @Autowired SlackSettings slack;

  @Test
  void botToken_selectsSlackForChatOnly() {
    assertThat(chat).isInstanceOf(SlackChatActivities.class);
    assertThat(paging.toString()).isEqualTo("NotConfigured[paging (PagerDuty)]");
    assertThat(slack.alertsChannel()).isEqualTo("ops-alerts");
    assertThat(slack.responders()).containsExactly("U1", "U2");
    assertThat(slack.toString()).doesNotContain("xoxb-wiring-test");
  }
}
