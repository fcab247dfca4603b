package io.incidentresponse.workflows.actionitems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The listing on Temporal's test server with the history store mocked. */
class ActionItemListWorkflowTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ActionItemListWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private final IncidentHistoryActivities history =
      mock(IncidentHistoryActivities.class, withSettings().withoutAnnotations());
  private ActionItemListWorkflow listing;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    worker.registerActivitiesImplementations(history);
    env.start();
    listing = env.getWorkflowClient().newWorkflowStub(ActionItemListWorkflow.class, options);
  }

  private static ActionItemRow row() {
    return new ActionItemRow(
        "incident-checkout-declared-dd3a2e",
        Instant.parse("2026-11-02T10:00:00Z"),
        "checkout",
        "checkout degraded",
        "AI-2",
        "Update the database failover section",
        ActionItemKind.RUNBOOK_UPDATE,
        "carol",
        LocalDate.of(2026, 11, 20),
        ActionItemStatus.IN_PROGRESS,
        true,
        "https://github.com/acme/runbook/pull/7",
        "Mitigation / Database",
        null,
        "carol",
        Instant.parse("2026-11-05T09:00:00Z"));
  }

  @Test
  void run_asksTheStoreWithTheFilter_andAnswersItsPageWhole() {
    ActionItemFilter filter =
        new ActionItemFilter(
            "carol",
            true,
            "checkout",
            List.of(ActionItemStatus.IN_PROGRESS),
            List.of(ActionItemKind.RUNBOOK_UPDATE),
            10,
            20);
    when(history.listActionItems(filter)).thenReturn(new ActionItemPage(List.of(row()), TODAY, 21));

    ActionItemPage page = listing.run(filter);

    assertThat(page).isEqualTo(new ActionItemPage(List.of(row()), TODAY, 21));
    verify(history).listActionItems(filter);
  }

  @Test
  void run_withoutAFilter_listsTheOpenItems() {
    when(history.listActionItems(any())).thenReturn(new ActionItemPage(List.of(), TODAY, null));

    listing.run(null);

    verify(history).listActionItems(ActionItemFilter.open());
  }

  @Test
  void storeDown_failsAfterTwoAttempts_withItsFailureType() {
    when(history.listActionItems(any()))
        .thenThrow(ApplicationFailure.newFailure("store down", FailureType.UNAVAILABLE.type()));

    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> listing.run(ActionItemFilter.open()));

    assertThat(failed.getCause()).isInstanceOf(ActivityFailure.class);
    assertThat(((ApplicationFailure) failed.getCause().getCause()).getType())
        .isEqualTo(FailureType.UNAVAILABLE.type());
    verify(history, times(2)).listActionItems(any());
  }

  @Test
  void filter_bringsLimitAndOffsetIntoRange_andDropsBlankNames() {
    ActionItemFilter wild = new ActionItemFilter(" ", false, "", null, null, 100_000, -5);
    ActionItemFilter none = new ActionItemFilter(null, false, null, null, null, 0, 50_000);

    assertThat(wild.owner()).isNull();
    assertThat(wild.service()).isNull();
    assertThat(wild.statuses()).isEmpty();
    assertThat(wild.limit()).isEqualTo(ActionItemFilter.MAX_LIMIT);
    assertThat(wild.offset()).isZero();
    assertThat(none.limit()).isEqualTo(ActionItemFilter.DEFAULT_LIMIT);
    assertThat(none.offset()).isEqualTo(ActionItemFilter.MAX_OFFSET);
  }
}
