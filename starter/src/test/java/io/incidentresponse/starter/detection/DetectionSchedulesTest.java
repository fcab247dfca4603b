package io.incidentresponse.starter.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.grpc.Status;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.detection.PartnerProperties.Feed;
import io.incidentresponse.starter.detection.SyntheticProperties.JourneyProperties;
import io.incidentresponse.starter.detection.SyntheticProperties.StepProperties;
import io.incidentresponse.starter.incident.IncidentKeys;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.partner.FeedFormat;
import io.incidentresponse.workflows.partner.PartnerStatusRequest;
import io.incidentresponse.workflows.synthetic.SyntheticJourneyRequest;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleListDescription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The journeys' and feeds' schedules against a mocked Temporal schedule client (the test server has
 * no schedules), and the settings' start-up checks; what a run does is tested in the workflows'
 * tests.
 */
class DetectionSchedulesTest {
  private final ScheduleClient schedules = mock(ScheduleClient.class);
  private final ScheduleHandle stale = mock(ScheduleHandle.class);
  private final IncidentProperties incident =
      new IncidentProperties(
          null,
          new IncidentProperties.Grouping(List.of("service", "alertname"), false),
          null,
          "incident-response",
          Duration.ofSeconds(30),
          null,
          null,
          null,
          null);

  private static StepProperties step(String url, Duration max) {
    return new StepProperties(
        "product",
        null,
        url,
        Map.of("Authorization", "Bearer {{env:SHOP_TOKEN}}"),
        null,
        null,
        null,
        "$.stock.status",
        "IN_STOCK",
        max);
  }

  private static JourneyProperties journey(Duration interval, StepProperties... steps) {
    return new JourneyProperties("checkout", Severity.P1, interval, null, List.of(steps));
  }

  private static SyntheticProperties synthetics(Map<String, JourneyProperties> journeys) {
    return new SyntheticProperties(2, Duration.ofMinutes(5), journeys);
  }

  private static Feed feed(String url, FeedFormat format, List<String> services) {
    return new Feed(url, format, Duration.ofMinutes(2), services, null, null, null);
  }

  @Test
  void ensure_createsOneScheduleEachWithItsIntervalSkipAndArguments_andDeletesStaleOnes() {
    when(schedules.listSchedules())
        .thenReturn(
            Stream.of("synthetic-purchase", "synthetic-old-login", "health-check-schedule")
                .map(
                    id -> {
                      ScheduleListDescription d = mock(ScheduleListDescription.class);
                      when(d.getScheduleId()).thenReturn(id);
                      return d;
                    }));
    when(schedules.getHandle("synthetic-old-login")).thenReturn(stale);
    DetectionSchedules detection =
        new DetectionSchedules(
            schedules,
            synthetics(
                Map.of(
                    "purchase",
                    journey(Duration.ofMinutes(1), step("https://shop.example.com/p", null)))),
            new PartnerProperties(
                Map.of(
                    "github",
                    feed(
                        "https://www.githubstatus.com/api/v2/incidents/unresolved.json",
                        FeedFormat.STATUSPAGE,
                        List.of("checkout", "ci")))),
            incident,
            new IncidentKeys(incident));

    Map<String, String> done = detection.ensure();

    assertThat(done)
        .containsEntry("synthetic-purchase", "created")
        .containsEntry("partner-github", "created")
        .containsEntry("synthetic-old-login", "deleted")
        .doesNotContainKey("health-check-schedule");
    verify(stale).delete();
    ArgumentCaptor<Schedule> journey = ArgumentCaptor.forClass(Schedule.class);
    verify(schedules).createSchedule(eq("synthetic-purchase"), journey.capture(), any());
    assertThat(journey.getValue().getSpec().getIntervals().get(0).getEvery())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(journey.getValue().getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    ScheduleActionStartWorkflow action =
        (ScheduleActionStartWorkflow) journey.getValue().getAction();
    assertThat(action.getWorkflowType()).isEqualTo("SyntheticJourney");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("incident-response");
    SyntheticJourneyRequest request = action.getArguments().get(0, SyntheticJourneyRequest.class);
    assertThat(request.journey().service()).isEqualTo("checkout");
    assertThat(request.journey().failuresBeforeAlert()).isEqualTo(2);
    assertThat(request.journey().steps().get(0).headers())
        .containsEntry("Authorization", "Bearer {{env:SHOP_TOKEN}}");
    assertThat(request.keys().keyLabels()).containsExactly("service", "alertname");
    ArgumentCaptor<Schedule> partner = ArgumentCaptor.forClass(Schedule.class);
    verify(schedules).createSchedule(eq("partner-github"), partner.capture(), any());
    PartnerStatusRequest feed =
        ((ScheduleActionStartWorkflow) partner.getValue().getAction())
            .getArguments()
            .get(0, PartnerStatusRequest.class);
    assertThat(feed.feed().services()).containsExactly("checkout", "ci");
    assertThat(feed.feed().openIncident()).isFalse();
    assertThat(partner.getValue().getSpec().getIntervals().get(0).getEvery())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void ensure_givenAServerThatCannotListSchedules_keepsTheConfiguredOnesAndDeletesNothing() {
    when(schedules.listSchedules())
        .thenThrow(new io.grpc.StatusRuntimeException(Status.UNIMPLEMENTED));
    DetectionSchedules detection =
        new DetectionSchedules(
            schedules,
            synthetics(Map.of()),
            new PartnerProperties(Map.of()),
            incident,
            new IncidentKeys(incident));

    assertThat(detection.ensure()).isEmpty();
    verify(schedules, never()).getHandle(any());
  }

  @Test
  void settings_givenMistakes_refuseToStartNamingTheProperty() {
    assertThatThrownBy(() -> synthetics(Map.of("purchase", journey(null, step("shop/p", null)))))
        .hasMessageContaining("incident.synthetics.journeys.purchase.steps[0].url");
    assertThatThrownBy(
            () ->
                synthetics(
                    Map.of(
                        "purchase",
                        new JourneyProperties(
                            null, null, null, null, List.of(step("https://shop/p", null))))))
        .hasMessageContaining("incident.synthetics.journeys.purchase.service");
    assertThatThrownBy(() -> synthetics(Map.of("purchase", journey(null))))
        .hasMessageContaining("incident.synthetics.journeys.purchase.steps must have 1 to 20");
    assertThatThrownBy(
            () ->
                synthetics(
                    Map.of(
                        "purchase",
                        journey(
                            Duration.ofSeconds(30),
                            step("https://shop/a", Duration.ofSeconds(20)),
                            step("https://shop/b", Duration.ofSeconds(20))))))
        .hasMessageContaining("incident.synthetics.journeys.purchase.steps: their max durations");
    assertThatThrownBy(
            () -> synthetics(Map.of("Purchase Flow", journey(null, step("https://shop/p", null)))))
        .hasMessageContaining("incident.synthetics.journeys.Purchase Flow");
    assertThatThrownBy(() -> new SyntheticProperties(0, null, null))
        .hasMessageContaining("incident.synthetics.failures-before-alert");
    assertThatThrownBy(
            () ->
                new PartnerProperties(
                    Map.of(
                        "aws",
                        feed(
                            "https://status.aws.amazon.com/rss/ec2.rss",
                            null,
                            List.of("checkout")))))
        .hasMessageContaining("incident.partners.aws.format");
    assertThatThrownBy(
            () ->
                new PartnerProperties(
                    Map.of(
                        "aws",
                        feed(
                            "https://status.aws.amazon.com/rss/ec2.rss",
                            FeedFormat.RSS,
                            List.of()))))
        .hasMessageContaining("incident.partners.aws.services");
  }

  @Test
  void stepSettings_toString_masksHeaderValues() {
    StepProperties step =
        new StepProperties(
            "login",
            "POST",
            "https://shop/login",
            Map.of("X-Api-Key", "literal-secret-123"),
            "{}",
            200,
            null,
            null,
            null,
            null);

    assertThat(step.toString()).contains("X-Api-Key").doesNotContain("literal-secret-123");
  }
}
