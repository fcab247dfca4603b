package io.incidentresponse.worker;

import io.incidentresponse.activities.NotConfiguredActivities;
import io.incidentresponse.activities.alertmanager.AlertmanagerSettings;
import io.incidentresponse.activities.aws.AwsSettings;
import io.incidentresponse.activities.changes.ArgoCdSettings;
import io.incidentresponse.activities.database.DatabaseSettings;
import io.incidentresponse.activities.git.GitSettings;
import io.incidentresponse.activities.http.CircuitBreakerSettings;
import io.incidentresponse.activities.http.HealthCheckSettings;
import io.incidentresponse.activities.kubernetes.KubernetesSettings;
import io.incidentresponse.activities.logs.ElasticsearchSettings;
import io.incidentresponse.activities.logs.LokiSettings;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.oncall.RosterOnCallActivities;
import io.incidentresponse.activities.paging.DirectPagingActivities;
import io.incidentresponse.activities.paging.PagerDutySettings;
import io.incidentresponse.activities.prometheus.PrometheusImpact;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.activities.traces.JaegerSettings;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says once, when the worker is ready, which integrations are not configured and what would
 * configure each, as one INFO block. An incident records each of them as a NOT_CONFIGURED entry on
 * its timeline; the worker log does not repeat them per incident (they are expected outcomes, see
 * {@code ExpectedFailures}), so this block is where the person running the worker reads them. Names
 * environment variables, never their values.
 */
@Component
class IntegrationsReport {
  private static final Logger log = LoggerFactory.getLogger(IntegrationsReport.class);

  /** An integration the worker does not serve, and how to configure it. */
  record Missing(String integration, String howTo) {
    String line() {
      return integration + ": " + howTo;
    }
  }

  private final List<Missing> missing = new ArrayList<>();

  IntegrationsReport(
      ChatActivities chat,
      SlackSettings slack,
      PagingActivities paging,
      PagerDutySettings pagerDuty,
      StatusPageActivities statusPage,
      StakeholderActivities stakeholders,
      KubernetesSettings kubernetes,
      Guardrails guardrails,
      PrometheusSettings prometheus,
      ElasticsearchSettings elasticsearch,
      LokiSettings loki,
      ArgoCdSettings argoCd,
      GitSettings git,
      DatabaseSettings database,
      HealthCheckSettings health,
      CircuitBreakerSettings circuitBreaker,
      AwsSettings aws,
      AlertmanagerSettings alertmanager,
      RosterOnCallActivities onCall,
      JaegerSettings jaeger) {
    if (NotConfiguredActivities.isNotConfigured(chat)) {
      add("chat (Slack)", "set SLACK_BOT_TOKEN");
    } else if (slack.leadershipChannel() == null || slack.leadershipChannel().isBlank()) {
      if (slack.leadershipUsers().isEmpty()) {
        add(
            "leadership notices (Slack)",
            "set INCIDENT_SLACK_LEADERSHIPCHANNEL or INCIDENT_SLACK_LEADERSHIPUSERS");
      }
    }
    if (NotConfiguredActivities.isNotConfigured(paging)) {
      add(
          "paging (PagerDuty)",
          "set PAGERDUTY_API_TOKEN or PAGERDUTY_ROUTING_KEY; without PagerDuty, SLACK_BOT_TOKEN"
              + " and/or SPRING_MAIL_HOST page the on-call person by Slack DM and e-mail");
    } else if (paging instanceof DirectPagingActivities direct) {
      add(
          "paging through PagerDuty (pages go to the on-call person by "
              + String.join(" and ", direct.channels())
              + " instead)",
          "set PAGERDUTY_API_TOKEN or PAGERDUTY_ROUTING_KEY");
    } else if (!pagerDuty.eventsConfigured()) {
      add(
          "paging incidents that did not come from PagerDuty (Events API)",
          "set PAGERDUTY_ROUTING_KEY");
    } else if (!pagerDuty.restConfigured()) {
      add(
          "escalating pages and working incidents from PagerDuty (REST API)",
          "set PAGERDUTY_API_TOKEN and PAGERDUTY_FROM_EMAIL");
    }
    if (NotConfiguredActivities.isNotConfigured(statusPage)) {
      add(
          "status page (incidents and scheduled maintenance)",
          "set STATUSPAGE_API_KEY and STATUSPAGE_PAGE_ID (Atlassian Statuspage),"
              + " or STATUSPAGE_WEBHOOK_URL");
    }
    if (NotConfiguredActivities.isNotConfigured(stakeholders)) {
      add("stakeholder e-mail", "set SPRING_MAIL_HOST and INCIDENT_EMAIL_TO");
    }
    if (!kubernetes.configured()) {
      add(
          "Kubernetes (pod, event, rollout, node probes; scale, restart, rollback, redirect,"
              + " read replica, drain mitigations; pods-ready check)",
          "set INCIDENT_KUBERNETES_ENABLED=true");
    } else if (guardrails.namespaces().isEmpty()) {
      add(
          "Kubernetes mitigations (every namespace refused)",
          "set INCIDENT_MITIGATION_NAMESPACES (a list, or * for all)");
    }
    if (!prometheus.configured()) {
      add("metrics probe and recovery check (Prometheus)", "set PROMETHEUS_URL");
    }
    if (!prometheus.configured() || !hasUsersAffectedQuery(prometheus)) {
      add(
          "users affected at closure (Prometheus)",
          (prometheus.configured() ? "set " : "set PROMETHEUS_URL and ")
              + "incident.prometheus.queries.usersAffected");
    }
    if (!elasticsearch.configured() && !loki.configured()) {
      add("error logs probe (Elasticsearch or Loki)", "set ELASTICSEARCH_URL or LOKI_URL");
    }
    if (!argoCd.configured()) {
      add("recent changes probe (ArgoCD)", "set ARGOCD_URL");
    }
    if (!git.configured()) {
      add(
          "git changes probe (commits and config changes per service)",
          "set incident.git.repositories and incident.git.services (README: Configuration)");
    }
    if (!jaeger.configured()) {
      add("traces probe (Jaeger)", "set JAEGER_URL");
    }
    if (!database.configured()) {
      add(
          "database probe and terminate-queries mitigation (PostgreSQL)",
          "set INCIDENT_DATABASE_URL");
    }
    if (!health.configured()) {
      add("health endpoint check", "set INCIDENT_HEALTH_URL_TEMPLATE");
    }
    if (!circuitBreaker.configured()) {
      add("circuit-breaker mitigation", "set INCIDENT_CIRCUIT_BREAKER_URL_TEMPLATE");
    }
    if (!aws.configured() || !kubernetes.configured()) {
      add(
          "replace-node mitigation (AWS auto-scaling group)",
          (aws.configured() ? "set " : "set INCIDENT_AWS_AUTO_SCALING_GROUPS and ")
              + "INCIDENT_KUBERNETES_ENABLED=true; AWS credentials from the SDK's default chain");
    }
    if (!alertmanager.configured()) {
      add("maintenance silences (Alertmanager)", "set INCIDENT_ALERTMANAGER_URL");
    }
    if (!onCall.configured()) {
      add(
          "on-call roster (the person paged at each escalation level, hand-offs, emergency"
              + " contacts)",
          "set incident.oncall.teams, roles and contacts (README: On-call roster)");
    }
    if (!health.configured() && !kubernetes.configured() && !prometheus.configured()) {
      add(
          "recovery verification (no check at all: recovery is never verified)",
          "set INCIDENT_HEALTH_URL_TEMPLATE, INCIDENT_KUBERNETES_ENABLED=true or PROMETHEUS_URL");
    }
  }

  /** The integrations not configured, in the order the block lists them. */
  List<Missing> missing() {
    return List.copyOf(missing);
  }

  /** The block, one integration a line. */
  String text() {
    if (missing.isEmpty()) {
      return "Every integration is configured.";
    }
    return missing.stream()
        .map(m -> "  " + m.line())
        .collect(
            Collectors.joining(
                "\n",
                missing.size()
                    + " integration(s) not configured; incidents record each as NOT_CONFIGURED on"
                    + " their timeline:\n",
                ""));
  }

  @EventListener(ApplicationReadyEvent.class)
  void report() {
    log.info(text());
  }

  private void add(String integration, String howTo) {
    missing.add(new Missing(integration, howTo));
  }

  private static boolean hasUsersAffectedQuery(PrometheusSettings prometheus) {
    String name = PrometheusImpact.USERS_AFFECTED;
    return !blank(prometheus.queries().get(name))
        || prometheus.services().values().stream().anyMatch(q -> !blank(q.get(name)));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
