package io.incidentresponse.starter.oncall;

import io.grpc.Status;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.ScheduleUpkeep;
import io.incidentresponse.workflows.oncall.HandoffReminderInput;
import io.incidentresponse.workflows.oncall.HandoffReminderWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the Temporal Schedule {@value HandoffReminderWorkflow#SCHEDULE_ID} as configured. Each run
 * covers the hand-offs of its own window (see {@link HandoffReminderInput}), so runs are buffered,
 * never skipped, and one missed while Temporal was down is made up within an hour: every hand-off
 * is covered once. Never fails start-up (see {@link ScheduleUpkeep}).
 */
@Component
public class HandoffReminderSchedule {
  private static final Logger log = LoggerFactory.getLogger(HandoffReminderSchedule.class);

  /** What {@link #ensure()} did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    DELETED,
    ABSENT,
    UNSUPPORTED
  }

  private final ScheduleClient schedules;
  private final HandoffReminderProperties properties;
  private final IncidentProperties incident;
  private final ScheduleUpkeep upkeep =
      new ScheduleUpkeep(
          "hand-off reminder schedule '" + HandoffReminderWorkflow.SCHEDULE_ID + "'", log);

  public HandoffReminderSchedule(
      ScheduleClient schedules, HandoffReminderProperties properties, IncidentProperties incident) {
    this.schedules = schedules;
    this.properties = properties;
    this.incident = incident;
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStartup() {
    upkeep.start(this::ensure);
  }

  @PreDestroy
  void stop() {
    upkeep.stop();
  }

  /** Creates, rewrites or deletes the schedule as configured. */
  public Outcome ensure() {
    String id = HandoffReminderWorkflow.SCHEDULE_ID;
    try {
      if (!properties.enabled()) {
        return ScheduleUpkeep.deleteIfPresent(schedules, id) ? Outcome.DELETED : Outcome.ABSENT;
      }
      return ScheduleUpkeep.createOrUpdate(schedules, id, schedule())
          ? Outcome.CREATED
          : Outcome.UPDATED;
    } catch (RuntimeException e) {
      if (ScheduleUpkeep.code(e) == Status.Code.UNIMPLEMENTED) {
        return Outcome.UNSUPPORTED;
      }
      throw e;
    }
  }

  Schedule schedule() {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(HandoffReminderWorkflow.TYPE)
                .setArguments(new HandoffReminderInput(properties.interval(), properties.lead()))
                .setOptions(
                    WorkflowOptions.newBuilder()
                        // the schedule appends the fire time, so each run has its own id
                        .setWorkflowId(HandoffReminderWorkflow.SCHEDULE_ID)
                        .setTaskQueue(incident.taskQueue())
                        .setWorkflowExecutionTimeout(Duration.ofHours(1))
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(properties.interval())))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL)
                .setCatchupWindow(Duration.ofHours(1))
                .build())
        .build();
  }
}
