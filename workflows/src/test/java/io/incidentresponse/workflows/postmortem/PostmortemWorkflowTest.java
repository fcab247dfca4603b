package io.incidentresponse.workflows.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.incident.IncidentState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostmortemWorkflowTest {
  private static final Instant START = Instant.parse("2026-11-26T16:00:00Z");

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(PostmortemWorkflowImpl.class)
          .setInitialTime(START)
          .setDoNotStart(true)
          .build();

  private final PostmortemActivities activities =
      mock(PostmortemActivities.class, withSettings().withoutAnnotations());
  private TestWorkflowEnvironment env;
  private PostmortemWorkflow postmortem;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    when(activities.draftPostmortem(any())).thenReturn(new PostmortemDocument("pm/inc-1.md"));
    worker.registerActivitiesImplementations(activities);
    env.start();
    this.env = env;
    IncidentState incident = new IncidentState();
    incident.incidentId = "inc-1";
    postmortem =
        env.getWorkflowClient()
            .newWorkflowStub(
                PostmortemWorkflow.class,
                WorkflowOptions.newBuilder(options).setWorkflowId("postmortem-inc-1").build());
    WorkflowClient.start(
        postmortem::run, new PostmortemInput(incident, START.plus(Duration.ofDays(7))));
  }

  @Test
  void reviewHeldWithinAWeek_completesWithoutReminder() {
    env.sleep(Duration.ofDays(3));
    postmortem.markReviewHeld(new ReviewHeldRequest("alice", "2 action items"));

    PostmortemStatus status = WorkflowStub.fromTyped(postmortem).getResult(PostmortemStatus.class);

    assertThat(status.document().location()).isEqualTo("pm/inc-1.md");
    assertThat(status.reviewHeldAt())
        .isBetween(START.plus(Duration.ofDays(3)), START.plus(Duration.ofDays(3)).plusSeconds(10));
    assertThat(status.overdueReminderSent()).isFalse();
    verify(activities, never()).remindOverdueReview(any());
  }

  @Test
  void draftThatCannotBePublished_isReportedAndTheReviewIsStillChased(
      TestWorkflowEnvironment env, WorkflowOptions options) {
    when(activities.draftPostmortem(argThat(i -> i.incident().incidentId.equals("inc-2"))))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "postmortem publishing is not configured", "NOT_CONFIGURED"));
    IncidentState incident = new IncidentState();
    incident.incidentId = "inc-2";
    PostmortemWorkflow second =
        env.getWorkflowClient()
            .newWorkflowStub(
                PostmortemWorkflow.class,
                WorkflowOptions.newBuilder(options).setWorkflowId("postmortem-inc-2").build());
    WorkflowClient.start(
        second::run, new PostmortemInput(incident, START.plus(Duration.ofDays(7))));

    env.sleep(Duration.ofDays(8));

    verify(activities, timeout(5_000))
        .remindOverdueReview(argThat(s -> s.incidentId().equals("inc-2")));
    PostmortemStatus status = second.status();
    assertThat(status.document()).isNull();
    assertThat(status.draftError())
        .isEqualTo("NOT_CONFIGURED: postmortem publishing is not configured");
  }

  @Test
  void reviewNotHeldAfterAWeek_remindsTheTeamLeadOnceAndKeepsWaiting() {
    env.sleep(Duration.ofDays(7).plusHours(1));

    verify(activities, timeout(5_000))
        .remindOverdueReview(
            argThat(s -> s.incidentId().equals("inc-1") && s.reviewHeldAt() == null));
    assertThat(postmortem.status().overdueReminderSent()).isTrue();
    postmortem.markReviewHeld(new ReviewHeldRequest("alice", "late, but held"));
    PostmortemStatus status = WorkflowStub.fromTyped(postmortem).getResult(PostmortemStatus.class);
    assertThat(status.reviewHeldAt()).isAfter(START.plus(Duration.ofDays(7)));
  }
}
