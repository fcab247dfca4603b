package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.slack.api.Slack;
import io.incidentresponse.activities.NotConfiguredActivities;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.paging.DirectPagingActivities;
import io.incidentresponse.activities.paging.PagerDutyPagingActivities;
import io.incidentresponse.activities.paging.PagerDutySettings;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.activities.statuspage.WebhookStatusPageSettings;
import io.incidentresponse.worker.email.EmailSettings;
import io.incidentresponse.workflows.communication.PagingActivities;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The worker's settings are bound the way its beans bind them ({@link
 * WorkerConfiguration#settings}): every key on a record, environment variables by relaxed binding,
 * secrets out of the text, and a value that cannot work stops the worker naming its property.
 */
class WorkerConfigurationTest {

  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return environment;
  }

  private static <T> T bind(Map<String, Object> properties, String prefix, Class<T> type) {
    return WorkerConfiguration.settings(environment(properties), prefix, type);
  }

  /** The message of the binding failure's root cause: what the person starting the worker reads. */
  private static String failure(Map<String, Object> properties, String prefix, Class<?> type) {
    Throwable thrown = catchThrowable(() -> bind(properties, prefix, type));
    assertThat(thrown).isInstanceOf(BindException.class);
    Throwable cause = thrown;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }

  @Test
  void slackApiUrl_fromTheEnvironmentAsTheEndToEndTestSetsIt_isOnTheSettings() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                    "INCIDENT_SLACK_APIURL", "http://127.0.0.1:9000/slack/api",
                    "SLACK_BOT_TOKEN", "xoxb-env-secret")));

    SlackSettings slack =
        WorkerConfiguration.settings(environment, "incident.slack", SlackSettings.class);

    assertThat(slack.apiUrl()).isEqualTo("http://127.0.0.1:9000/slack/api/");
    assertThat(slack.toString()).contains("apiUrl=http://127.0.0.1:9000/slack/api/");
  }

  @Test
  void slackApiUrlWithoutAScheme_stopsTheWorkerNamingTheProperty() {
    assertThat(
            failure(
                Map.of("incident.slack.api-url", "slack-stub:9000/api"),
                "incident.slack",
                SlackSettings.class))
        .isEqualTo("incident.slack.api-url must be an absolute http:// or https:// URL");
  }

  @Test
  void slackChannelPaceOfZero_stopsTheWorkerInsteadOfBeingReplacedSilently() {
    assertThat(
            failure(
                Map.of("incident.slack.channel-creates-per-minute", "0"),
                "incident.slack",
                SlackSettings.class))
        .isEqualTo("incident.slack.channel-creates-per-minute must be at least 1, was 0");
  }

  @Test
  void statusPageWebhook_isBoundWithItsTokenAndPathOutOfItsText() {
    WebhookStatusPageSettings webhook =
        bind(
            Map.of(
                "incident.statuspage.webhook-url",
                "https://hooks.example.com:8443/status/T0KEN-IN-PATH?sig=abc",
                "incident.statuspage.webhook-token",
                "hook-secret-value"),
            "incident.statuspage",
            WebhookStatusPageSettings.class);

    assertThat(webhook.configured()).isTrue();
    assertThat(webhook.webhookUrl())
        .isEqualTo("https://hooks.example.com:8443/status/T0KEN-IN-PATH?sig=abc");
    assertThat(webhook.webhookToken()).isEqualTo("hook-secret-value");
    assertThat(webhook.toString())
        .isEqualTo(
            "WebhookStatusPageSettings[webhookUrl=https://hooks.example.com:8443/…,"
                + " webhookToken=(set)]");
  }

  @Test
  void statusPageWebhookThatIsNotAUrl_stopsTheWorkerWithoutRepeatingTheValue() {
    String message =
        failure(
            Map.of("incident.statuspage.webhook-url", "hooks.example.com/T0KEN-IN-PATH"),
            "incident.statuspage",
            WebhookStatusPageSettings.class);

    assertThat(message)
        .isEqualTo("incident.statuspage.webhook-url must be an absolute http:// or https:// URL")
        .doesNotContain("T0KEN");
  }

  @Test
  void email_isBoundFromACommaSeparatedListWithTheDefaultSender() {
    EmailSettings email =
        bind(
            Map.of("incident.email.to", "cto@example.com, ,vp-eng@example.com"),
            "incident.email",
            EmailSettings.class);

    assertThat(email.to()).containsExactly("cto@example.com", "vp-eng@example.com");
    assertThat(email.from()).isEqualTo(EmailSettings.DEFAULT_FROM);
    assertThat(email.configured()).isTrue();
    assertThat(bind(Map.of(), "incident.email", EmailSettings.class).configured()).isFalse();
  }

  @Test
  void emailAddressWithATypo_stopsTheWorkerNamingTheProperty() {
    assertThat(
            failure(
                Map.of("incident.email.to", "cto@example.com,vp eng@example.com"),
                "incident.email",
                EmailSettings.class))
        .startsWith("incident.email.to has an address that is not valid: 'vp eng@example.com'");
    assertThat(
            failure(
                Map.of("incident.email.to", "cto@example.com", "incident.email.from", "<oops"),
                "incident.email",
                EmailSettings.class))
        .startsWith("incident.email.from has an address that is not valid");
  }

  @Test
  void guardrailsThatCannotWork_stopTheWorkerNamingTheProperty() {
    assertThat(
            failure(
                Map.of("incident.mitigation.max-actions-per-incident", "-1"),
                "incident.mitigation",
                Guardrails.class))
        .isEqualTo("incident.mitigation.max-actions-per-incident must be at least 0, was -1");
    assertThat(
            failure(
                Map.of("incident.mitigation.min-replicas", "0"),
                "incident.mitigation",
                Guardrails.class))
        .isEqualTo("incident.mitigation.min-replicas must be at least 1, was 0");
  }

  @Test
  void prometheusUrlWithoutAScheme_stopsTheWorkerNamingTheProperty() {
    assertThat(
            failure(
                Map.of("incident.prometheus.url", "prometheus:9090"),
                "incident.prometheus",
                PrometheusSettings.class))
        .isEqualTo("incident.prometheus.url must be an absolute http:// or https:// URL");
    assertThat(
            failure(
                Map.of(
                    "incident.prometheus.url",
                    "http://prometheus:9090",
                    "incident.prometheus.step",
                    "0s"),
                "incident.prometheus",
                PrometheusSettings.class))
        .isEqualTo("incident.prometheus.step must be positive, was PT0S");
  }

  @Test
  void identityProofKey_tooShortStopsTheWorkerNamingIt_andIsNeverPrinted() {
    assertThat(
            failure(
                Map.of("incident.identity.proof-key", "short"),
                "incident.identity",
                IdentitySettings.class))
        .contains("incident.identity.proof-key must be at least 32 bytes");

    String key = "a-proof-key-of-at-least-32-bytes-0123456789";
    IdentitySettings settings =
        bind(
            Map.of("incident.identity.proof-key", key),
            "incident.identity",
            IdentitySettings.class);
    assertThat(settings.configured()).isTrue();
    assertThat(settings.toString()).doesNotContain(key);
    assertThat(bind(Map.of(), "incident.identity", IdentitySettings.class).configured()).isFalse();
  }

  @Test
  void paging_withoutPagerDuty_goesDirectlyBySlackAndEmail_andWithPagerDutyThroughIt() {
    WorkerConfiguration configuration = new WorkerConfiguration();
    SlackSettings slack =
        new SlackSettings("xoxb-paging", null, null, null, null, null, null, false, null, null);
    SlackSettings noSlack =
        new SlackSettings(null, null, null, null, null, null, null, false, null, null);
    PagerDutySettings noPagerDuty = new PagerDutySettings(null, null, null, null, null);
    PagerDutySettings pagerDuty = new PagerDutySettings(null, null, "R0UT1NG", null, null);
    EmailSettings email = new EmailSettings(List.of(), null);
    ObjectProvider<JavaMailSender> mail =
        new StaticListableBeanFactory(Map.of("mail", new JavaMailSenderImpl()))
            .getBeanProvider(JavaMailSender.class);
    ObjectProvider<JavaMailSender> noMail =
        new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class);
    Slack client = Slack.getInstance();
    OkHttpClient http = new OkHttpClient();

    PagingActivities both =
        configuration.pagingActivities(
            noPagerDuty, http, configuration.directChannels(slack, client, email, mail));
    PagingActivities mailOnly =
        configuration.pagingActivities(
            noPagerDuty, http, configuration.directChannels(noSlack, client, email, mail));
    PagingActivities none =
        configuration.pagingActivities(
            noPagerDuty, http, configuration.directChannels(noSlack, client, email, noMail));
    PagingActivities viaPagerDuty =
        configuration.pagingActivities(
            pagerDuty, http, configuration.directChannels(slack, client, email, mail));

    assertThat(both).isInstanceOf(DirectPagingActivities.class);
    assertThat(((DirectPagingActivities) both).channels()).containsExactly("Slack DM", "e-mail");
    assertThat(((DirectPagingActivities) mailOnly).channels()).containsExactly("e-mail");
    assertThat(NotConfiguredActivities.isNotConfigured(none)).isTrue();
    assertThat(viaPagerDuty).isInstanceOf(PagerDutyPagingActivities.class);
  }
}
