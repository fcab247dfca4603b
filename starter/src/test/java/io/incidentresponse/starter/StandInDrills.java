package io.incidentresponse.starter;

import io.incidentresponse.workflows.drill.DrillActivities;
import io.incidentresponse.workflows.drill.DrillInjection;
import io.incidentresponse.workflows.drill.DrillState;
import io.incidentresponse.workflows.drill.DrillTarget;
import io.incidentresponse.workflows.drill.IncidentTimes;
import io.incidentresponse.workflows.drill.StopCheck;
import io.incidentresponse.workflows.drill.StopCheckRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the drilled service: records what was injected and reverted. */
public class StandInDrills implements DrillActivities {
  public final List<String> log = new CopyOnWriteArrayList<>();

  @Override
  public DrillInjection capture(DrillTarget t) {
    return new DrillInjection(
        t.drillId(),
        t.scenario(),
        t.service(),
        t.namespace(),
        t.parameters(),
        Map.of("value", "(absent)"),
        t.scenario() + " on " + t.service(),
        t.dryRun());
  }

  @Override
  public void inject(DrillInjection injection) {
    log.add("inject " + injection.service() + " " + injection.parameters());
  }

  @Override
  public String revert(DrillInjection injection) {
    log.add("revert " + injection.service() + " " + injection.before());
    return "restored";
  }

  @Override
  public StopCheck checkStopConditions(StopCheckRequest request) {
    return new StopCheck(false, "errorRatio 0.01 within 0.5");
  }

  @Override
  public IncidentTimes incidentTimes(String incidentId) {
    return new IncidentTimes(incidentId, null, null, null, null, null);
  }

  @Override
  public String writeReport(DrillState state) {
    return "/reports/" + state.drillId + ".md";
  }
}
