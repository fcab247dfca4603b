package io.incidentresponse.worker;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.incidentresponse.activities.NotConfiguredActivities;
import io.incidentresponse.activities.grafana.GrafanaLinks;
import io.incidentresponse.activities.grafana.GrafanaSettings;
import io.incidentresponse.activities.paging.DirectPagingActivities;
import io.incidentresponse.activities.paging.PagerDutyPagingActivities;
import io.incidentresponse.activities.paging.PagerDutySettings;
import io.incidentresponse.activities.slack.SlackCalls;
import io.incidentresponse.activities.slack.SlackChatActivities;
import io.incidentresponse.activities.slack.SlackDirectMessages;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.activities.statuspage.AtlassianStatuspageActivities;
import io.incidentresponse.activities.statuspage.StatuspageSettings;
import io.incidentresponse.activities.statuspage.WebhookStatusPageActivities;
import io.incidentresponse.activities.statuspage.WebhookStatusPageSettings;
import io.incidentresponse.worker.email.EmailSettings;
import io.incidentresponse.worker.email.MailPageMailer;
import io.incidentresponse.worker.email.MailStakeholderActivities;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.identity.IdentityActivities;
import io.incidentresponse.workflows.identity.ProofChecker;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The activity implementations the worker hosts, one bean per activity interface (names listed
 * under {@code spring.temporal.workers[0].activity-beans}). An integration that is not built or not
 * configured is served by {@link NotConfiguredActivities}, which reports it on the incident's
 * timeline instead of leaving activities that no worker polls.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {
  private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

  @Bean
  SlackSettings slackSettings(Environment environment) {
    return settings(environment, "incident.slack", SlackSettings.class);
  }

  /** Binds {@code prefix} to {@code type} and logs it; settings records never print secrets. */
  static <T> T settings(Environment environment, String prefix, Class<T> type) {
    T settings = Binder.get(environment).bindOrCreate(prefix, type);
    log.info("{}: {}", prefix, settings);
    return settings;
  }

  /**
   * The Slack client, at Slack's own Web API unless {@code incident.slack.api-url} names another
   * base (a proxy, or a recording stub in the end-to-end test). Every call is bounded ({@link
   * SlackCalls#CALL_TIMEOUT}).
   */
  @Bean
  Slack slack(SlackSettings settings) {
    SlackConfig config = SlackCalls.boundedConfig();
    if (settings.apiUrl() != null) {
      config.setMethodsEndpointUrlPrefix(settings.apiUrl());
      config.setStatsEnabled(false);
    }
    return Slack.getInstance(config);
  }

  @Bean
  ChatActivities chatActivities(SlackSettings slack, Slack slackClient, GrafanaLinks dashboards) {
    return slack.configured()
        ? new SlackChatActivities(slack, slackClient, dashboards)
        : NotConfiguredActivities.of(ChatActivities.class, "chat (Slack)");
  }

  @Bean
  GrafanaSettings grafanaSettings(Environment environment) {
    return settings(environment, "incident.grafana", GrafanaSettings.class);
  }

  /** The incident's dashboard, linked from Slack posts and the postmortem when configured. */
  @Bean
  GrafanaLinks grafanaLinks(GrafanaSettings settings) {
    return new GrafanaLinks(settings);
  }

  @Bean
  PagerDutySettings pagerDutySettings(Environment environment) {
    return settings(environment, "incident.pagerduty", PagerDutySettings.class);
  }

  /** One HTTP client for the REST integrations, with bounded timeouts. */
  @Bean
  OkHttpClient httpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(20))
        .callTimeout(Duration.ofSeconds(25))
        .build();
  }

  /**
   * The ways this worker reaches one person: Slack direct messages when the bot token is set,
   * e-mail when {@code spring.mail.host} is. One instance, so pages and hand-off reminders share
   * Slack's pace.
   */
  @Bean
  DirectChannels directChannels(
      SlackSettings slack,
      Slack slackClient,
      EmailSettings email,
      ObjectProvider<JavaMailSender> mail) {
    JavaMailSender sender = mail.getIfAvailable();
    return new DirectChannels(
        slack.configured() ? new SlackDirectMessages(slack, slackClient) : null,
        sender == null ? null : new MailPageMailer(sender, email));
  }

  /**
   * PagerDuty when it is configured; else the on-call person directly, by Slack DM when the bot
   * token is set and by e-mail when {@code spring.mail.host} is; else not configured.
   */
  @Bean
  PagingActivities pagingActivities(
      PagerDutySettings pagerDuty, OkHttpClient http, DirectChannels direct) {
    if (pagerDuty.configured()) {
      return new PagerDutyPagingActivities(pagerDuty, http);
    }
    if (direct.any()) {
      return new DirectPagingActivities(direct.slack(), direct.mail());
    }
    return NotConfiguredActivities.of(PagingActivities.class, "paging (PagerDuty)");
  }

  @Bean
  StatuspageSettings statuspageSettings(Environment environment) {
    return settings(environment, "incident.statuspage", StatuspageSettings.class);
  }

  @Bean
  WebhookStatusPageSettings webhookStatusPageSettings(Environment environment) {
    return settings(environment, "incident.statuspage", WebhookStatusPageSettings.class);
  }

  /** Atlassian Statuspage when configured, else a generic webhook when its URL is set. */
  @Bean
  StatusPageActivities statusPageActivities(
      StatuspageSettings statuspage, WebhookStatusPageSettings webhook, OkHttpClient http) {
    if (statuspage.configured()) {
      return new AtlassianStatuspageActivities(statuspage, http);
    }
    if (webhook.configured()) {
      return new WebhookStatusPageActivities(webhook, http);
    }
    return NotConfiguredActivities.of(StatusPageActivities.class, "status page");
  }

  @Bean
  IdentitySettings identitySettings(Environment environment) {
    return settings(environment, "incident.identity", IdentitySettings.class);
  }

  /**
   * Checks the proofs with which the starter vouches for approvers (REST API, Slack); local
   * activities of the incident workflow.
   */
  @Bean
  IdentityActivities identityActivities(IdentitySettings identity) {
    if (!identity.configured()) {
      log.warn(
          "incident.identity.proof-key is not set: every approval counts as asserted (a name typed"
              + " into a signal); a policy with verifiedIdentityFor then refuses those risks");
    }
    return new ProofChecker(identity.proofKey(), Clock.systemUTC());
  }

  @Bean
  EmailSettings emailSettings(Environment environment) {
    return settings(environment, "incident.email", EmailSettings.class);
  }

  /** E-mail when {@code spring.mail.host} and {@code incident.email.to} are set. */
  @Bean
  StakeholderActivities stakeholderActivities(
      EmailSettings email, ObjectProvider<JavaMailSender> mail) {
    JavaMailSender sender = mail.getIfAvailable();
    return sender != null && email.configured()
        ? new MailStakeholderActivities(sender, email)
        : NotConfiguredActivities.of(StakeholderActivities.class, "stakeholder e-mail");
  }
}
