package io.incidentresponse.workflows.postmortem;

import static io.incidentresponse.workflows.postmortem.Postmortems.RESOLVED;
import static io.incidentresponse.workflows.postmortem.Postmortems.resolvedIncident;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Records postmortem histories; see the replay tests. */
class PostmortemWorkflowReplayTest {
  static final String HELD_IN_TIME_V0 = "postmortem-held-in-time-v0";
  static final String OVERDUE_REMINDED_V0 = "postmortem-overdue-reminded-v0";

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(PostmortemWorkflowImpl.class)
          .setInitialTime(RESOLVED)
          .setDoNotStart(true)
          .build();

  private final PostmortemActivities activities =
      mock(PostmortemActivities.class, withSettings().withoutAnnotations());
  private final IncidentHistoryActivities history =
      mock(IncidentHistoryActivities.class, withSettings().withoutAnnotations());

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordHeldInTime(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    WorkflowClient client = startWorker(env, worker);
    PostmortemWorkflow held =
        Postmortems.start(
            client,
            options,
            HELD_IN_TIME_V0,
            new PostmortemInput(
                resolvedIncident("inc-held", RESOLVED), RESOLVED.plus(Duration.ofDays(7))));
    env.sleep(Duration.ofDays(2));
    held.markReviewHeld(new ReviewHeldRequest("alice", "2 action items"));
    WorkflowStub.fromTyped(held).getResult(PostmortemStatus.class);
    write(HELD_IN_TIME_V0, client.fetchHistory(HELD_IN_TIME_V0));
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordOverdueReminded(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    WorkflowClient client = startWorker(env, worker);
    PostmortemWorkflow overdue =
        Postmortems.start(
            client,
            options,
            OVERDUE_REMINDED_V0,
            new PostmortemInput(
                resolvedIncident("inc-overdue", RESOLVED), RESOLVED.plus(Duration.ofDays(7))));
    env.sleep(Duration.ofDays(7).plusHours(1));
    verify(activities, timeout(5_000)).remindOverdueReview(any());
    env.sleep(Duration.ofDays(1));
    overdue.markReviewHeld(new ReviewHeldRequest("alice", "late"));
    WorkflowStub.fromTyped(overdue).getResult(PostmortemStatus.class);
    write(OVERDUE_REMINDED_V0, client.fetchHistory(OVERDUE_REMINDED_V0));
  }

  private WorkflowClient startWorker(TestWorkflowEnvironment env, Worker worker) {
    when(activities.draftPostmortem(any()))
        .thenAnswer(
            call ->
                new PostmortemDocument(
                    "postmortems/"
                        + call.<PostmortemInput>getArgument(0).incident().incidentId
                        + ".md"));
    worker.registerActivitiesImplementations(activities, history);
    env.start();
    return env.getWorkflowClient();
  }

  private static void write(String workflowId, WorkflowExecutionHistory history)
      throws IOException {
    Path file = Path.of("src/test/resources/histories", workflowId + ".json");
    if (Files.exists(file)) {
      return; // a stored history stands for a postmortem of its time: never overwrite it
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, history.toJson(true));
  }
}
