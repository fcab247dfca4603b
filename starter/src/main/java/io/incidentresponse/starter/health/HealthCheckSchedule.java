package io.incidentresponse.starter.health;

import io.grpc.Status;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentKeys;
import io.incidentresponse.starter.incident.ScheduleUpkeep;
import io.incidentresponse.workflows.health.DownServiceWatch;
import io.incidentresponse.workflows.health.HealthCheckRequest;
import io.incidentresponse.workflows.health.HealthCheckWorkflow;
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
 * Keeps the Temporal Schedule {@value HealthCheckWorkflow#SCHEDULE_ID} as configured: with {@code
 * incident.health-check.schedule-enabled} it runs the health check every {@code interval} over the
 * configured services, and a service found down {@code confirmations} times in a row gets an
 * incident (see {@link DownServiceWatch}). Its arguments carry the policy and the incident key
 * rule, so it is rewritten at every start-up (a pause stays a pause); switched off, it is deleted.
 * A run still going when the next is due makes that one skip.
 *
 * <p>Never fails start-up: it runs in the background once the application is ready, retries while
 * Temporal cannot be reached, and only warns where schedules are not implemented (the in-process
 * test server).
 */
@Component
public class HealthCheckSchedule {
  private static final Logger log = LoggerFactory.getLogger(HealthCheckSchedule.class);

  /** What {@link #ensure()} did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    DELETED,
    /** Switched off and not there. */
    ABSENT,
    /** Switched on, but there is no service to check. */
    NO_SERVICES,
    /** The server has no schedules (the in-process test server). */
    UNSUPPORTED
  }

  private final ScheduleClient schedules;
  private final ScheduleUpkeep upkeep =
      new ScheduleUpkeep("health-check schedule '" + HealthCheckWorkflow.SCHEDULE_ID + "'", log);
  private final HealthCheckProperties properties;
  private final IncidentProperties incident;
  private final IncidentKeys keys;

  public HealthCheckSchedule(
      ScheduleClient schedules,
      HealthCheckProperties properties,
      IncidentProperties incident,
      IncidentKeys keys) {
    this.schedules = schedules;
    this.properties = properties;
    this.incident = incident;
    this.keys = keys;
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
    try {
      if (!properties.scheduleEnabled()) {
        return delete();
      }
      List<String> services = HealthCheckController.configuredServices(properties, incident);
      if (services.isEmpty()) {
        log.warn(
            "incident.health-check.schedule-enabled is true but no service is configured"
                + " (incident.health-check.services or incident.policy.services)");
        delete();
        return Outcome.NO_SERVICES;
      }
      return ScheduleUpkeep.createOrUpdate(
              schedules, HealthCheckWorkflow.SCHEDULE_ID, schedule(services))
          ? Outcome.CREATED
          : Outcome.UPDATED;
    } catch (RuntimeException e) {
      if (ScheduleUpkeep.code(e) == Status.Code.UNIMPLEMENTED) {
        return Outcome.UNSUPPORTED;
      }
      throw e;
    }
  }

  private Outcome delete() {
    return ScheduleUpkeep.deleteIfPresent(schedules, HealthCheckWorkflow.SCHEDULE_ID)
        ? Outcome.DELETED
        : Outcome.ABSENT;
  }

  /** The schedule as configured, over {@code services}. */
  Schedule schedule(List<String> services) {
    DownServiceWatch watch =
        new DownServiceWatch(
            properties.confirmations(),
            properties.confirmAfter(),
            properties.alertname(),
            keys.rule(),
            incident.policy());
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(HealthCheckWorkflow.TYPE)
                .setArguments(
                    new HealthCheckRequest(
                        services, incident.policy().defaultNamespace(), "schedule", watch))
                .setOptions(
                    WorkflowOptions.newBuilder()
                        // the schedule appends the fire time, so each run has its own id
                        .setWorkflowId(HealthCheckWorkflow.SCHEDULE_ID)
                        .setTaskQueue(incident.taskQueue())
                        // a run never outlives its interval: the next one checks afresh
                        .setWorkflowExecutionTimeout(properties.interval())
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(properties.interval())))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(
                    io.temporal.api.enums.v1.ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                // a run missed while Temporal was down is not worth making up: the next one checks
                .setCatchupWindow(Duration.ofMinutes(1))
                .build())
        .build();
  }
}
