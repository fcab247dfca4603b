package io.incidentresponse.worker;

import static io.incidentresponse.worker.WorkerConfiguration.settings;

import com.slack.api.Slack;
import io.incidentresponse.activities.grafana.GrafanaLinks;
import io.incidentresponse.activities.metrics.HistorySettings;
import io.incidentresponse.activities.metrics.JdbcIncidentHistory;
import io.incidentresponse.activities.postmortem.PostmortemActivitiesImpl;
import io.incidentresponse.activities.postmortem.PostmortemDocumentSettings;
import io.incidentresponse.activities.postmortem.PostmortemPublishingSettings;
import io.incidentresponse.activities.report.ReportActivitiesImpl;
import io.incidentresponse.activities.report.ReportSettings;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.activities.tracker.GitHubIssues;
import io.incidentresponse.activities.tracker.JiraIssues;
import io.incidentresponse.activities.tracker.NoTracker;
import io.incidentresponse.activities.tracker.TrackerSettings;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.postmortem.PostmortemActivities;
import io.incidentresponse.workflows.report.ReportActivities;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * After the incident: the history store behind the monthly metrics ({@code incident.history.*}; an
 * H2 file under {@code ./data} unless a PostgreSQL URL is set), the postmortem document and its
 * publishing ({@code incident.postmortem.document.*}, {@code incident.postmortem.publishing.*}),
 * the issue tracker action items get tickets in ({@code incident.tracker.*}), and the monthly
 * report ({@code incident.report.*}). Slack, when configured, carries the postmortem link, the
 * review invitation, the reminders and the report.
 */
@Configuration(proxyBeanMethods = false)
class PostIncidentConfiguration {

  @Bean
  HistorySettings historySettings(Environment environment) {
    return settings(environment, "incident.history", HistorySettings.class);
  }

  @Bean
  IncidentHistoryActivities incidentHistoryActivities(HistorySettings history) {
    return new JdbcIncidentHistory(history);
  }

  @Bean
  PostmortemDocumentSettings postmortemDocumentSettings(Environment environment) {
    return settings(environment, "incident.postmortem.document", PostmortemDocumentSettings.class);
  }

  @Bean
  PostmortemPublishingSettings postmortemPublishingSettings(Environment environment) {
    return settings(
        environment, "incident.postmortem.publishing", PostmortemPublishingSettings.class);
  }

  @Bean
  PostmortemActivities postmortemActivities(
      PostmortemDocumentSettings document,
      PostmortemPublishingSettings publishing,
      SlackSettings slack,
      Slack slackClient,
      GrafanaLinks dashboards) {
    return new PostmortemActivitiesImpl(
        document, publishing, slack, slackClient, Clock.systemUTC(), dashboards);
  }

  @Bean
  TrackerSettings trackerSettings(Environment environment) {
    return settings(environment, "incident.tracker", TrackerSettings.class);
  }

  /**
   * The issue tracker postmortem action items get tickets in; without {@code incident.tracker.kind}
   * one that says there is none, and the postmortems call nothing else.
   */
  @Bean
  TrackerActivities trackerActivities(TrackerSettings tracker, OkHttpClient http) {
    if (!tracker.configured()) {
      return new NoTracker();
    }
    return TrackerSettings.GITHUB.equals(tracker.kind())
        ? new GitHubIssues(tracker, http, Clock.systemUTC())
        : new JiraIssues(tracker, http);
  }

  @Bean
  ReportSettings reportSettings(Environment environment) {
    return settings(environment, "incident.report", ReportSettings.class);
  }

  @Bean
  ReportActivities reportActivities(ReportSettings report, SlackSettings slack, Slack slackClient) {
    return new ReportActivitiesImpl(report, slack, slack.configured() ? slackClient : null);
  }
}
