package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.activities.paging.PagerDutyPagingActivities;
import io.incidentresponse.activities.slack.SlackChatActivities;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.PagingActivities;
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
  @Autowired WorkflowClient client;

  @Test
  void configuredIntegrations_areServedForRealAndTheRestReportNotConfigured() {
    assertThat(chat).isInstanceOf(SlackChatActivities.class);
    assertThat(paging).isInstanceOf(PagerDutyPagingActivities.class);
    assertThat(statusPage.toString()).isEqualTo("NotConfigured[status page]");
    assertThat(slack.alertsChannel()).isEqualTo("ops-alerts");
    assertThat(slack.responders()).containsExactly("U1", "U2");
    assertThat(slack.toString()).doesNotContain("xoxb-wiring-test");
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
