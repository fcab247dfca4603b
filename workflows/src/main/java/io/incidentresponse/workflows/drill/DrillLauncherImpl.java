package io.incidentresponse.workflows.drill;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;

/**
 * Starts the drill as an abandoned child under {@code drill-<service>}; see {@link DrillLauncher}.
 */
public class DrillLauncherImpl implements DrillLauncher {

  @Override
  public boolean launch(DrillRequest request) {
    DrillWorkflow drill =
        Workflow.newChildWorkflowStub(
            DrillWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(DrillWorkflow.workflowId(request.service()))
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    Async.function(drill::run, request);
    try {
      Workflow.getWorkflowExecution(drill).get();
      return true;
    } catch (io.temporal.failure.ChildWorkflowFailure e) {
      if (e.getCause() instanceof WorkflowExecutionAlreadyStarted) {
        Workflow.getLogger(DrillLauncherImpl.class)
            .info("a drill already runs on {}: this scheduled one is skipped", request.service());
        return false;
      }
      throw e;
    }
  }
}
