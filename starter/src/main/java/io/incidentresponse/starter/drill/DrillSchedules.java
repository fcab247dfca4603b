package io.incidentresponse.starter.drill;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.ScheduleUpkeep;
import io.incidentresponse.workflows.drill.DrillLauncher;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes the Temporal Schedules of {@code incident.drill.schedules}: one {@code drill-<id>} each,
 * starting {@link DrillLauncher} at its cron in UTC, which starts the Drill workflow under {@code
 * drill-<service>} (a schedule would append the fire time to the id), so a scheduled drill never
 * runs beside another on the same service: the launcher skips it. Created when absent, replaced by
 * the configuration when present (a pause stays a pause). None configured: none made; a schedule
 * taken out of the configuration is left for a person to delete ({@code temporal schedule delete}),
 * so removing a line never loses a pause or a note.
 *
 * <p>Never fails start-up: runs in the background once the application is ready, retries while
 * Temporal is unreachable, and only warns where schedules are not implemented (the test server).
 */
@Component
public class DrillSchedules {
  static final String PREFIX = "drill-";

  private static final Logger log = LoggerFactory.getLogger(DrillSchedules.class);

  private final ScheduleClient schedules;
  private final ScheduleUpkeep upkeep = new ScheduleUpkeep("drill schedules", log);
  private final DrillProperties drills;
  private final DrillRequests requests;
  private final String taskQueue;

  public DrillSchedules(
      ScheduleClient schedules,
      DrillProperties drills,
      DrillRequests requests,
      IncidentProperties incident) {
    this.schedules = schedules;
    this.drills = drills;
    this.requests = requests;
    this.taskQueue = incident.taskQueue();
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStartup() {
    if (drills.schedules().isEmpty()) {
      return;
    }
    upkeep.start(this::ensure);
  }

  @PreDestroy
  void stop() {
    upkeep.stop();
  }

  /** Creates or updates every configured schedule; answers what it did to each. */
  public Map<String, String> ensure() {
    Map<String, String> done = new LinkedHashMap<>();
    for (DrillProperties.ScheduledDrill drill : drills.schedules()) {
      String id = PREFIX + drill.id();
      Schedule wanted = schedule(drill);
      done.put(id, ScheduleUpkeep.createOrUpdate(schedules, id, wanted) ? "created" : "updated");
    }
    return done;
  }

  /** The schedule of one configured drill. */
  Schedule schedule(DrillProperties.ScheduledDrill drill) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(DrillLauncher.TYPE)
                .setArguments(requests.fromSchedule(drill))
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(PREFIX + drill.id())
                        .setTaskQueue(taskQueue)
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setCronExpressions(List.of(drill.cron()))
                .setTimeZoneName("UTC")
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                // a drill missed while Temporal was down is not run hours late
                .setCatchupWindow(Duration.ofMinutes(10))
                .build())
        .build();
  }
}
