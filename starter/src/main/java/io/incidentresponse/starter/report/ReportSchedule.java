package io.incidentresponse.starter.report;

import io.grpc.Status;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.ScheduleUpkeep;
import io.incidentresponse.workflows.report.MonthlyReportWorkflow;
import io.incidentresponse.workflows.report.ReportRequest;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Makes sure the Temporal Schedule {@value #SCHEDULE_ID} exists: it starts {@code
 * MonthlyIncidentReport} for the month before, posted, at {@code incident.report.cron} (09:00 UTC
 * on the 1st by default), skipping a run while the previous one is still going. Created when
 * absent; when present it is left alone unless its times, workflow type, task queue or overlap
 * policy differ from the configuration, then those are updated (a pause stays a pause).
 *
 * <p>Never fails start-up: it runs in the background after the application is ready, retries with
 * backoff while Temporal cannot be reached, and only logs a warning where schedules are not
 * implemented (Temporal's in-process Java test server).
 */
@Component
public class ReportSchedule {
  public static final String SCHEDULE_ID = "monthly-incident-report";

  private static final Logger log = LoggerFactory.getLogger(ReportSchedule.class);

  /** What {@link #ensure()} did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED,
    /** The server has no schedules (the in-process test server). */
    UNSUPPORTED
  }

  private final ScheduleClient schedules;
  private final ScheduleUpkeep upkeep =
      new ScheduleUpkeep("monthly report schedule '" + SCHEDULE_ID + "'", log);
  private final ReportProperties properties;
  private final String taskQueue;

  public ReportSchedule(
      ScheduleClient schedules, ReportProperties properties, IncidentProperties incident) {
    this.schedules = schedules;
    this.properties = properties;
    this.taskQueue = properties.taskQueue() == null ? incident.taskQueue() : properties.taskQueue();
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStartup() {
    if (!properties.scheduleEnabled()) {
      log.info(
          "monthly report schedule not managed (incident.report.schedule-enabled=false);"
              + " run reports with GET /api/reports/{month}");
      return;
    }
    upkeep.start(
        () -> {
          Outcome outcome = ensure();
          if (outcome == Outcome.UNSUPPORTED) {
            log.warn(
                "this Temporal server does not implement schedules (the in-process test server?):"
                    + " the monthly report schedule '{}' was not created; reports still run on"
                    + " demand",
                SCHEDULE_ID);
          }
          return outcome;
        });
  }

  @PreDestroy
  void stop() {
    upkeep.stop();
  }

  /** Creates the schedule, or updates it when it differs from the configuration. */
  public Outcome ensure() {
    Schedule wanted = schedule();
    try {
      schedules.createSchedule(SCHEDULE_ID, wanted, ScheduleOptions.newBuilder().build());
      return Outcome.CREATED;
    } catch (ScheduleAlreadyRunningException exists) {
      return reconcile(wanted);
    } catch (RuntimeException e) {
      if (ScheduleUpkeep.code(e) == Status.Code.UNIMPLEMENTED) {
        return Outcome.UNSUPPORTED;
      }
      throw e;
    }
  }

  private Outcome reconcile(Schedule wanted) {
    ScheduleHandle handle = schedules.getHandle(SCHEDULE_ID);
    ScheduleDescription description = handle.describe();
    Schedule existing = description.getSchedule();
    List<String> differences = differences(existing, description, wanted);
    if (differences.isEmpty()) {
      return Outcome.UNCHANGED;
    }
    log.info("monthly report schedule '{}' differs ({}): updating it", SCHEDULE_ID, differences);
    handle.update(
        input ->
            new ScheduleUpdate(
                Schedule.newBuilder(input.getDescription().getSchedule())
                    .setSpec(wanted.getSpec())
                    .setAction(wanted.getAction())
                    .setPolicy(wanted.getPolicy())
                    .build()));
    return Outcome.UPDATED;
  }

  private List<String> differences(
      Schedule existing, ScheduleDescription description, Schedule wanted) {
    List<String> differences = new ArrayList<>();
    // The server keeps a cron string as calendar specs, so compare what it will do: the next
    // action times it announced against the configured cron's.
    List<Instant> announced = description.getInfo().getNextActionTimes();
    if (!announced.isEmpty()) {
      List<Instant> expected = nextTimes(properties.cron(), announced.get(0), announced.size());
      if (expected != null && !expected.equals(announced)) {
        differences.add("times " + announced + " instead of " + expected);
      }
    }
    if (existing.getAction() instanceof ScheduleActionStartWorkflow start) {
      if (!MonthlyReportWorkflow.TYPE.equals(start.getWorkflowType())) {
        differences.add("workflow type " + start.getWorkflowType());
      }
      if (start.getOptions() == null
          || !Objects.equals(taskQueue, start.getOptions().getTaskQueue())) {
        differences.add(
            "task queue "
                + (start.getOptions() == null ? null : start.getOptions().getTaskQueue()));
      }
    } else {
      differences.add("action " + existing.getAction());
    }
    if (existing.getPolicy() == null
        || existing.getPolicy().getOverlap() != wanted.getPolicy().getOverlap()) {
      differences.add(
          "overlap " + (existing.getPolicy() == null ? null : existing.getPolicy().getOverlap()));
    }
    return differences;
  }

  /**
   * The first {@code count} times {@code cron} fires at or after {@code from} in UTC, or null when
   * Spring cannot read the expression (then the times are not compared).
   */
  static List<Instant> nextTimes(String cron, Instant from, int count) {
    CronExpression expression;
    try {
      String trimmed = cron.trim();
      expression =
          CronExpression.parse(
              trimmed.startsWith("@") || trimmed.split("\\s+").length != 5
                  ? trimmed
                  : "0 " + trimmed);
    } catch (IllegalArgumentException unreadable) {
      return null;
    }
    List<Instant> times = new ArrayList<>();
    ZonedDateTime at = from.atZone(ZoneOffset.UTC).minusSeconds(1);
    for (int i = 0; i < count; i++) {
      at = expression.next(at);
      if (at == null) {
        break;
      }
      times.add(at.toInstant());
    }
    return times;
  }

  /** The schedule as configured. */
  Schedule schedule() {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(MonthlyReportWorkflow.TYPE)
                .setArguments(ReportRequest.previousMonthPosted())
                .setOptions(
                    WorkflowOptions.newBuilder()
                        // the schedule appends the fire time, so each month's run has its own id
                        .setWorkflowId("monthly-report")
                        .setTaskQueue(taskQueue)
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setCronExpressions(List.of(properties.cron()))
                .setTimeZoneName("UTC")
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                // a Temporal that was down on the 1st still runs the report when it is back
                .setCatchupWindow(Duration.ofDays(1))
                .build())
        .build();
  }
}
