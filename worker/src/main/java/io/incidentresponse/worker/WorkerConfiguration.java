package io.incidentresponse.worker;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.incidentresponse.activities.NotConfiguredActivities;
import io.incidentresponse.activities.paging.PagerDutyPagingActivities;
import io.incidentresponse.activities.paging.PagerDutySettings;
import io.incidentresponse.activities.slack.SlackCalls;
import io.incidentresponse.activities.slack.SlackChatActivities;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.activities.statuspage.AtlassianStatuspageActivities;
import io.incidentresponse.activities.statuspage.StatuspageSettings;
import io.incidentresponse.activities.statuspage.WebhookStatusPageActivities;
import io.incidentresponse.worker.email.MailStakeholderActivities;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
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
   * The Slack client. {@code incident.slack.api-url} points it at another Web API base (a proxy, or
   * a recording stub in the end-to-end test), e.g. {@code http://127.0.0.1:9000/api/}; unset, it is
   * Slack's own. Every call is bounded ({@link SlackCalls#CALL_TIMEOUT}).
   */
  @Bean
  Slack slack(Environment environment) {
    String apiUrl = environment.getProperty("incident.slack.api-url", "");
    SlackConfig config = SlackCalls.boundedConfig();
    if (apiUrl.isBlank()) {
      return Slack.getInstance(config);
    }
    config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
    config.setStatsEnabled(false);
    log.info("Slack Web API at {}", apiUrl);
    return Slack.getInstance(config);
  }

  @Bean
  ChatActivities chatActivities(SlackSettings slack, Slack slackClient) {
    return slack.configured()
        ? new SlackChatActivities(slack, slackClient)
        : NotConfiguredActivities.of(ChatActivities.class, "chat (Slack)");
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

  @Bean
  PagingActivities pagingActivities(PagerDutySettings pagerDuty, OkHttpClient http) {
    return pagerDuty.configured()
        ? new PagerDutyPagingActivities(pagerDuty, http)
        : NotConfiguredActivities.of(PagingActivities.class, "paging (PagerDuty)");
  }

  @Bean
  StatuspageSettings statuspageSettings(Environment environment) {
    return settings(environment, "incident.statuspage", StatuspageSettings.class);
  }

  /** Atlassian Statuspage when configured, else a generic webhook when its URL is set. */
  @Bean
  StatusPageActivities statusPageActivities(
      StatuspageSettings statuspage, OkHttpClient http, Environment environment) {
    if (statuspage.configured()) {
      return new AtlassianStatuspageActivities(statuspage, http);
    }
    String webhook = environment.getProperty("incident.statuspage.webhook-url", "");
    if (!webhook.isBlank()) {
      log.info("Status page: generic webhook {}", webhook);
      return new WebhookStatusPageActivities(
          webhook, environment.getProperty("incident.statuspage.webhook-token", ""), http);
    }
    return NotConfiguredActivities.of(StatusPageActivities.class, "status page");
  }

  /** E-mail when {@code spring.mail.host} and {@code incident.email.to} are set. */
  @Bean
  StakeholderActivities stakeholderActivities(
      Environment environment, ObjectProvider<JavaMailSender> mail) {
    List<String> to =
        Binder.get(environment)
            .bind("incident.email.to", Bindable.listOf(String.class))
            .orElse(List.of())
            .stream()
            .filter(address -> !address.isBlank())
            .toList();
    String from = environment.getProperty("incident.email.from", "incident-response@localhost");
    JavaMailSender sender = mail.getIfAvailable();
    if (sender != null && !to.isEmpty()) {
      log.info("Stakeholder e-mail: {} recipient(s)", to.size());
      return new MailStakeholderActivities(sender, from, to);
    }
    return NotConfiguredActivities.of(StakeholderActivities.class, "stakeholder e-mail");
  }
}
