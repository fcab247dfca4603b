package io.incidentresponse.bench.raw;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** See {@link RawWorkflow}. */
public class RawWorkflowImpl implements RawWorkflow {
  private final RawActivities activities =
      Workflow.newActivityStub(RawActivities.class, RawActivities.OPTIONS);
  private final List<String> alerts = new ArrayList<>();
  private int stepsDone;
  private boolean closed;

  @Override
  public void run(RawInput input) {
    if (input.parallel()) {
      List<Promise<Void>> running = new ArrayList<>();
      for (int i = 0; i < input.before(); i++) {
        RawStep step = step(input, i);
        running.add(Async.procedure(activities::step, step));
      }
      Promise.allOf(running).get();
      stepsDone += input.before();
    } else {
      for (int i = 0; i < input.before(); i++) {
        activities.step(step(input, i));
        stepsDone++;
      }
    }
    if (input.waitForClose()) {
      Workflow.await(() -> closed);
    }
    for (int i = 0; i < input.after(); i++) {
      activities.step(new RawStep(input.activityMillis(), null));
      stepsDone++;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
  }

  private static RawStep step(RawInput input, int index) {
    return new RawStep(input.activityMillis(), index == 0 ? input.notifyUrl() : null);
  }

  @Override
  public void alert(RawAlert alert) {
    alerts.add(alert.body());
  }

  @Override
  public void close(RawClose close) {
    closed = true;
  }

  @Override
  public RawState state() {
    return new RawState(stepsDone, closed, List.copyOf(alerts));
  }
}
