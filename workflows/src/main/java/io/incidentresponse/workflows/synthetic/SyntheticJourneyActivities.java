package io.incidentresponse.workflows.synthetic;

import io.temporal.activity.ActivityInterface;

/**
 * Runs a synthetic journey's HTTP steps in order. A step that answers wrong, slowly or not at all
 * is a finding in the result, never a failure of the activity, and is not retried inside the run:
 * the next scheduled run is the retry. Each call is cut at the step's max duration plus {@link
 * JourneyStep#MARGIN}. Reads only what the journey's requests do, so a retry after a crash runs the
 * journey again. Options are per journey ({@link SyntheticJourneyWorkflowImpl}).
 */
@ActivityInterface
public interface SyntheticJourneyActivities {

  JourneyRun runJourney(Journey journey);
}
