package io.incidentresponse.workflows.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lookup on Temporal's test server with the roster mocked. */
class OnCallLookupWorkflowTest {
  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
  private static final OnCallPerson ALICE =
      new OnCallPerson("alice", "Alice Example", null, null, null, null);

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(OnCallLookupWorkflowImpl.class)
          .setInitialTime(T0)
          .setDoNotStart(true)
          .build();

  private final OnCallActivities roster =
      mock(OnCallActivities.class, withSettings().withoutAnnotations());
  private OnCallLookupWorkflow lookup;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    worker.registerActivitiesImplementations(roster);
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    lookup = client.newWorkflowStub(OnCallLookupWorkflow.class, options);
  }

  @Test
  void withoutAnInstant_asksForTheWorkflowsNow() {
    when(roster.whoIsOnCall(any()))
        .thenAnswer(
            call -> {
              OnCallQuery query = call.getArgument(0);
              return new OnCallAnswer(
                  query.at(),
                  List.of(
                      new OnCallShift(
                          "payments", "payments-primary", ALICE, T0, T0, "rotation", null)),
                  List.of());
            });

    OnCallAnswer answer = lookup.run(new OnCallQuery("payments", null));

    assertThat(answer.shifts()).extracting(s -> s.person().id()).containsExactly("alice");
    verify(roster).whoIsOnCall(new OnCallQuery("payments", answer.at()));
    assertThat(answer.at()).isBetween(T0, T0.plusSeconds(60));
  }

  @Test
  void unknownTeam_failsAsNotFoundWithTheRostersWords() {
    Instant at = Instant.parse("2026-12-01T00:00:00Z");
    when(roster.whoIsOnCall(new OnCallQuery("nosuch", at)))
        .thenReturn(new OnCallAnswer(at, List.of(), List.of("no team nosuch in the roster")));

    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> lookup.run(new OnCallQuery("nosuch", at)));

    ApplicationFailure cause = (ApplicationFailure) failed.getCause();
    assertThat(cause.getType()).isEqualTo(FailureType.NOT_FOUND.type());
    assertThat(cause.getOriginalMessage()).isEqualTo("no team nosuch in the roster");
  }

  @Test
  void everyTeam_anEmptyRoster_isAnAnswerNotAFailure() {
    Instant at = Instant.parse("2026-12-01T00:00:00Z");
    when(roster.whoIsOnCall(new OnCallQuery(null, at)))
        .thenReturn(new OnCallAnswer(at, List.of(), List.of()));

    assertThat(lookup.run(new OnCallQuery(null, at)).shifts()).isEmpty();
  }
}
