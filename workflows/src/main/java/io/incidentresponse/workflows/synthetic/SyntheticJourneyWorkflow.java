package io.incidentresponse.workflows.synthetic;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One scheduled run of a synthetic journey: run it, count failures in a row across runs, raise the
 * journey's alert on its service's incident once they reach the journey's threshold, resolve it
 * when the journey passes again.
 */
@WorkflowInterface
public interface SyntheticJourneyWorkflow {
  String TYPE = "SyntheticJourney";

  /** The prefix of every journey's schedule id ({@code synthetic-checkout-purchase}). */
  String SCHEDULE_PREFIX = "synthetic-";

  /** The {@code alertname} of a failing journey's alert. */
  String ALERTNAME = "SyntheticJourneyFailed";

  /** The {@code source} label (and delivery id prefix) of its alerts. */
  String SOURCE = "synthetic";

  @WorkflowMethod(name = TYPE)
  JourneyStatus run(SyntheticJourneyRequest request);
}
