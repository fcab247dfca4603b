package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import io.incidentresponse.activities.paging.PagerDutyPagingActivities;
import io.incidentresponse.activities.slack.SlackChatActivities;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.activities.statuspage.WebhookStatusPageActivities;
import io.incidentresponse.activities.statuspage.WebhookStatusPageSettings;
import io.incidentresponse.worker.email.MailStakeholderActivities;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.incident.SetSeverityRequest;
import io.incidentresponse.workflows.incident.SignalPayloadConverter;
import io.temporal.api.common.v1.Payload;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Configured integrations are served for real, built from the keys on their settings records. */
@SpringBootTest(
    properties = {
      "spring.temporal.test-server.enabled=true",
      "incident.slack.bot-token=xoxb-wiring-test",
      "incident.slack.alerts-channel=ops-alerts",
      "incident.slack.responders=U1,U2",
      "incident.slack.api-url=http://127.0.0.1:9/slack-stub/api",
      "incident.pagerduty.routing-key=R0UT1NG",
      "incident.statuspage.webhook-url=http://127.0.0.1:9/status-hook",
      "incident.statuspage.webhook-token=hook-wiring-secret",
      "spring.mail.host=127.0.0.1",
      "incident.email.to=cto@example.com,vp-eng@example.com"
    })
class WorkerIntegrationWiringTest {
  @Autowired ChatActivities chat;
  @Autowired PagingActivities paging;
  @Autowired StatusPageActivities statusPage;
  @Autowired SlackSettings slack;
  @Autowired StakeholderActivities stakeholders;
  @Autowired WorkflowClient client;
  @Autowired Slack slackClient;
  @Autowired WebhookStatusPageSettings webhook;

  @Test
  void configuredIntegrations_areServedForRealWithTheirSettingsAndSecretsStayOutOfTheirText() {
    assertThat(chat).isInstanceOf(SlackChatActivities.class);
    assertThat(paging).isInstanceOf(PagerDutyPagingActivities.class);
    assertThat(statusPage).isInstanceOf(WebhookStatusPageActivities.class);
    assertThat(stakeholders).isInstanceOf(MailStakeholderActivities.class);
    assertThat(slack.alertsChannel()).isEqualTo("ops-alerts");
    assertThat(slack.responders()).containsExactly("U1", "U2");
    assertThat(slack.toString()).doesNotContain("xoxb-wiring-test");
    assertThat(slackClient.getConfig().getMethodsEndpointUrlPrefix())
        .isEqualTo("http://127.0.0.1:9/slack-stub/api/");
    assertThat(webhook.toString())
        .doesNotContain("hook-wiring-secret")
        .doesNotContain("status-hook");
  }

  @Test
  void aSignalWhoseJsonDoesNotFit_reachesTheIncidentAsNotUnderstood() {
    // JSON as the Temporal UI sends it: a severity that does not exist
    Payload typedInTheUi =
        DefaultDataConverter.STANDARD_INSTANCE
            .toPayload(Map.of("severity", "P9", "by", "alice"))
            .orElseThrow();

    SetSeverityRequest decoded =
        client
            .getOptions()
            .getDataConverter()
            .fromPayload(typedInTheUi, SetSeverityRequest.class, SetSeverityRequest.class);

    assertThat(decoded).isNull();
    assertThat(SignalPayloadConverter.takeProblem()).startsWith("field 'severity'");
  }
}
