package io.incidentresponse.workflows.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.detection.DetectionActivities;
import io.incidentresponse.workflows.detection.DetectionActivities.ClearAlertRequest;
import io.incidentresponse.workflows.detection.DetectionActivities.EvidenceRequest;
import io.incidentresponse.workflows.detection.ScheduledRuns;
import io.incidentresponse.workflows.health.HealthIncidentActivities.OpenIncidentRequest;
import io.incidentresponse.workflows.health.IncidentOpening;
import io.incidentresponse.workflows.health.IncidentOpening.Outcome;
import io.incidentresponse.workflows.incident.IncidentKeyRule;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * A partner feed's scheduled reads on the time-skipping test server, the reader and the door
 * mocked; successive reads are a cron workflow, which hands each run's result to the next as a
 * schedule does.
 */
class PartnerStatusWorkflowTest {
  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
  private static final IncidentKeyRule KEYS =
      new IncidentKeyRule(List.of("service", "alertname"), false);

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(PartnerStatusWorkflowImpl.class)
          .setInitialTime(T0)
          .setDoNotStart(true)
          .build();

  private final PartnerStatusActivities reader =
      mock(PartnerStatusActivities.class, withSettings().withoutAnnotations());
  private final DetectionActivities door =
      mock(DetectionActivities.class, withSettings().withoutAnnotations());

  /** The successive reads' answers (the last repeats); null: the feed cannot be read. */
  private final List<List<ProviderIncident>> answers = new CopyOnWriteArrayList<>();

  /** Notes the door added to at least one incident. */
  private final List<EvidenceRequest> notes = new CopyOnWriteArrayList<>();

  /** The dependants' running incidents, as the door's visibility query finds them. */
  private final List<String> running =
      new CopyOnWriteArrayList<>(List.of("incident-checkout-highlatency-9f8e7d"));

  private final AtomicInteger reads = new AtomicInteger();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    this.env = env;
    this.client = env.getWorkflowClient();
    this.taskQueue = options.getTaskQueue();
    when(reader.readProviderIncidents(any()))
        .thenAnswer(
            call -> {
              int n = reads.getAndIncrement();
              List<ProviderIncident> read = answers.get(Math.min(n, answers.size() - 1));
              if (read == null) {
                throw ApplicationFailure.newNonRetryableFailure("feed answered 503", "UNAVAILABLE");
              }
              return read;
            });
    when(door.addEvidence(any()))
        .thenAnswer(
            call -> {
              EvidenceRequest request = call.getArgument(0);
              List<String> to =
                  running.stream().filter(id -> !request.except().contains(id)).toList();
              if (!to.isEmpty()) {
                notes.add(request);
              }
              return to;
            });
    when(door.raiseAlert(any()))
        .thenAnswer(
            call ->
                new IncidentOpening(
                    ((OpenIncidentRequest) call.getArgument(0)).incidentId(),
                    Outcome.OPENED,
                    null));
    when(door.clearAlert(any())).thenReturn(true);
    worker.registerActivitiesImplementations(reader, door);
    env.start();
  }

  private static PartnerFeed feed(boolean openIncident, List<String> components) {
    return new PartnerFeed(
        "github",
        "https://www.githubstatus.com/api/v2/incidents/unresolved.json",
        FeedFormat.STATUSPAGE,
        List.of("checkout", "ci"),
        components,
        openIncident,
        Severity.P1);
  }

  private static ProviderIncident actions(String status, String updatedAt) {
    return new ProviderIncident(
        "t7bk2e5sv3nd",
        "Incident with Actions",
        status,
        updatedAt,
        "https://stspg.io/t7bk2e5s",
        List.of("Actions"),
        "We are investigating reports of degraded performance for Actions.");
  }

  /** Reads every 5 minutes, as the schedule would, for {@code count} reads. */
  private void scheduledReads(PartnerFeed feed, int count) {
    ScheduledRuns.chain(
        env,
        "partner-github",
        taskQueue,
        options ->
            WorkflowClient.start(
                client.newWorkflowStub(PartnerStatusWorkflow.class, options)::run,
                new PartnerStatusRequest(feed, KEYS, ResponsePolicy.defaults())),
        reads,
        count);
  }

  @Test
  void eachProviderUpdate_isNotedOnceOnTheDependantsIncidents_andItsDisappearanceOnce() {
    answers.add(List.of(actions("investigating", "2026-11-30T02:01:00Z")));
    answers.add(List.of(actions("investigating", "2026-11-30T02:01:00Z")));
    answers.add(List.of(actions("identified", "2026-11-30T02:12:00Z")));
    answers.add(List.of());

    scheduledReads(feed(false, List.of()), 5);

    assertThat(notes).hasSize(3);
    EvidenceRequest first = notes.get(0);
    assertThat(first.services()).containsExactly("checkout", "ci");
    assertThat(first.by()).isEqualTo("partner-status:github");
    assertThat(first.text())
        .isEqualTo(
            "Partner github [investigating]: Incident with Actions (updated 2026-11-30T02:01:00Z;"
                + " components: Actions): We are investigating reports of degraded performance for"
                + " Actions. https://stspg.io/t7bk2e5s");
    assertThat(notes.get(1).text()).startsWith("Partner github [identified]:");
    assertThat(notes.get(2).text())
        .isEqualTo(
            "Partner github: provider incident t7bk2e5sv3nd is no longer listed as unresolved");
    verify(door, never()).raiseAlert(any());
  }

  @Test
  void aFeedThatCannotBeRead_forgetsNothing_theSameUpdateIsNotNotedAgain() {
    answers.add(List.of(actions("investigating", "2026-11-30T02:01:00Z")));
    answers.add(null);
    answers.add(List.of(actions("investigating", "2026-11-30T02:01:00Z")));

    scheduledReads(feed(false, List.of()), 3);

    assertThat(notes).hasSize(1);
  }

  @Test
  void anIncidentOpenedAfterTheProviderUpdate_getsItsNoteAtTheNextRead_once() {
    running.clear();
    answers.add(List.of(actions("investigating", "2026-11-30T02:01:00Z")));
    List<ProviderIncident> sameUpdate = List.of(actions("investigating", "2026-11-30T02:01:00Z"));
    answers.add(sameUpdate);
    answers.add(sameUpdate);
    answers.add(sameUpdate);
    reads.set(0);
    when(reader.readProviderIncidents(any()))
        .thenAnswer(
            call -> {
              int n = reads.getAndIncrement();
              if (n == 1) {
                running.add("incident-checkout-syntheticjourneyfailed-90db61");
              }
              return answers.get(Math.min(n, answers.size() - 1));
            });

    scheduledReads(feed(false, List.of()), 4);

    assertThat(notes).hasSize(1);
    assertThat(notes.get(0).text()).startsWith("Partner github [investigating]:");
    assertThat(notes.get(0).except()).isEmpty();
  }

  @Test
  void aComponentFilter_passesOnOnlyTheIncidentsNamingIt() {
    answers.add(List.of(actions("investigating", "2026-11-30T02:01:00Z")));

    scheduledReads(feed(false, List.of("Git Operations")), 2);

    assertThat(notes).isEmpty();
  }

  @Test
  void openIncident_opensOnePerDependantWhileUnresolved_andResolvesTheirAlertsAfter() {
    answers.add(List.of(actions("investigating", "2026-11-30T02:01:00Z")));
    answers.add(List.of(actions("resolved", "2026-11-30T02:07:00Z")));

    scheduledReads(feed(true, List.of()), 3);

    ArgumentCaptor<OpenIncidentRequest> raised = ArgumentCaptor.forClass(OpenIncidentRequest.class);
    verify(door, times(2)).raiseAlert(raised.capture());
    assertThat(raised.getAllValues())
        .extracting(OpenIncidentRequest::service)
        .containsExactly("checkout", "ci");
    OpenIncidentRequest checkout = raised.getAllValues().get(0);
    assertThat(checkout.alert().source()).isEqualTo(AlertSource.PARTNER);
    assertThat(checkout.alert().labels())
        .containsEntry("alertname", "PartnerIncident")
        .containsEntry("priority", "P1")
        .containsEntry("partner", "github");
    assertThat(checkout.alert().fingerprint()).isEqualTo("partner-status:github:t7bk2e5sv3nd");
    ArgumentCaptor<ClearAlertRequest> cleared = ArgumentCaptor.forClass(ClearAlertRequest.class);
    verify(door, times(2)).clearAlert(cleared.capture());
    assertThat(cleared.getAllValues())
        .extracting(ClearAlertRequest::incidentId)
        .containsExactly(checkout.incidentId(), raised.getAllValues().get(1).incidentId());
    assertThat(cleared.getValue().alert().status()).isEqualTo(AlertStatus.RESOLVED);
  }
}
