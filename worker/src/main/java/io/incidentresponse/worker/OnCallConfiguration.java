package io.incidentresponse.worker;

import static io.incidentresponse.worker.WorkerConfiguration.settings;

import io.incidentresponse.activities.oncall.HeldIncidents;
import io.incidentresponse.activities.oncall.OnCallSettings;
import io.incidentresponse.activities.oncall.Roster;
import io.incidentresponse.activities.oncall.RosterOnCallActivities;
import io.incidentresponse.activities.paging.HandoffActivitiesImpl;
import io.incidentresponse.workflows.oncall.HandoffActivities;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The on-call roster ({@code incident.oncall.*}): checked when the worker starts, so a roster that
 * names an unknown person, zone or rotation stops it with a message naming the property. With
 * nothing configured the activities answer that nobody is known (see {@code OnCallActivities}).
 */
@Configuration(proxyBeanMethods = false)
class OnCallConfiguration {

  @Bean
  OnCallSettings onCallSettings(Environment environment) {
    return settings(environment, "incident.oncall", OnCallSettings.class);
  }

  @Bean
  RosterOnCallActivities onCallActivities(OnCallSettings settings, OkHttpClient http) {
    return new RosterOnCallActivities(
        Roster.of(settings, http, Clock.systemUTC()), Clock.systemUTC());
  }

  /** Hand-off reminders: the incidents from Temporal, the notices by Slack DM and e-mail. */
  @Bean
  HandoffActivities handoffActivities(WorkflowClient client, DirectChannels direct) {
    return new HandoffActivitiesImpl(new HeldIncidents(client), direct.slack(), direct.mail());
  }
}
