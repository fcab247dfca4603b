package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The worker says once, at start-up, which integrations are not configured and what configures
 * each: here Slack without a leadership channel, PagerDuty with only an Events API key, Prometheus
 * without a users-affected query, and nothing else.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    properties = {
      "spring.temporal.test-server.enabled=true",
      "incident.slack.bot-token=xoxb-report-secret",
      "incident.pagerduty.routing-key=R0UT1NG-REPORT-SECRET",
      "incident.prometheus.url=http://prometheus.monitoring:9090",
      "incident.verification.health.url-template=http://{service}.{namespace}.svc:8080/health"
    })
class IntegrationsReportTest {

  private static String block(CapturedOutput output) {
    Matcher block =
        Pattern.compile("integration\\(s\\) not configured[^\\n]*\\n((?:  [^\\n]*\\n)+)")
            .matcher(output.getOut());
    assertThat(block.find()).as("the start-up block in:%n%s", output.getOut()).isTrue();
    return block.group(1);
  }

  @Test
  void startUp_saysOnceWhatIsNotConfiguredAndHowToConfigureIt(CapturedOutput output) {
    String block = block(output);

    assertThat(output.getOut().split("integration\\(s\\) not configured", -1))
        .as("said once")
        .hasSize(2);
    assertThat(output.getOut()).contains(" INFO ").contains("15 integration(s) not configured");
    assertThat(block.lines().map(String::strip))
        .containsExactly(
            "leadership notices (Slack): set INCIDENT_SLACK_LEADERSHIPCHANNEL or"
                + " INCIDENT_SLACK_LEADERSHIPUSERS",
            "escalating pages and working incidents from PagerDuty (REST API): set"
                + " PAGERDUTY_API_TOKEN and PAGERDUTY_FROM_EMAIL",
            "status page (incidents and scheduled maintenance): set STATUSPAGE_API_KEY and"
                + " STATUSPAGE_PAGE_ID (Atlassian Statuspage),"
                + " or STATUSPAGE_WEBHOOK_URL",
            "stakeholder e-mail: set SPRING_MAIL_HOST and INCIDENT_EMAIL_TO",
            "Kubernetes (pod, event, rollout, node probes; scale, restart, rollback, redirect,"
                + " read replica, drain mitigations; pods-ready check): set"
                + " INCIDENT_KUBERNETES_ENABLED=true",
            "users affected at closure (Prometheus): set"
                + " incident.prometheus.queries.usersAffected",
            "error logs probe (Elasticsearch or Loki): set ELASTICSEARCH_URL or LOKI_URL",
            "recent changes probe (ArgoCD): set ARGOCD_URL",
            "git changes probe (commits and config changes per service): set"
                + " incident.git.repositories and incident.git.services (README: Configuration)",
            "traces probe (Jaeger): set JAEGER_URL",
            "database probe and terminate-queries mitigation (PostgreSQL): set"
                + " INCIDENT_DATABASE_URL",
            "circuit-breaker mitigation: set INCIDENT_CIRCUIT_BREAKER_URL_TEMPLATE",
            "replace-node mitigation (AWS auto-scaling group): set"
                + " INCIDENT_AWS_AUTO_SCALING_GROUPS and INCIDENT_KUBERNETES_ENABLED=true; AWS"
                + " credentials from the SDK's default chain",
            "maintenance silences (Alertmanager): set INCIDENT_ALERTMANAGER_URL",
            "on-call roster (the person paged at each escalation level, hand-offs, emergency"
                + " contacts): set incident.oncall.teams, roles and contacts (README: On-call"
                + " roster)");
    assertThat(output.getAll())
        .doesNotContain("xoxb-report-secret")
        .doesNotContain("R0UT1NG-REPORT-SECRET");
  }
}
