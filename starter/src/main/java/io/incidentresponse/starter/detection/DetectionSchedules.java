package io.incidentresponse.starter.detection;

import io.grpc.Status;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentKeys;
import io.incidentresponse.starter.incident.ScheduleUpkeep;
import io.incidentresponse.workflows.partner.PartnerFeed;
import io.incidentresponse.workflows.partner.PartnerStatusRequest;
import io.incidentresponse.workflows.partner.PartnerStatusWorkflow;
import io.incidentresponse.workflows.synthetic.Journey;
import io.incidentresponse.workflows.synthetic.SyntheticJourneyRequest;
import io.incidentresponse.workflows.synthetic.SyntheticJourneyWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleListDescription;
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
 * Keeps the Temporal Schedules of the scheduled detection sources as configured: {@code
 * synthetic-<name>} for each journey of {@code incident.synthetics.journeys}, {@code
 * partner-<name>} for each feed of {@code incident.partners}. Each is created when absent and
 * rewritten at every start-up (its arguments carry the journey or feed, the policy and the key
 * rule; a pause stays a pause); one whose journey or feed is no longer configured is deleted (where
 * the server can list schedules). A run still going when the next is due makes that one skip. Each
 * run's result is handed to the next by the schedule (its last completion result).
 *
 * <p>Never fails start-up: runs in the background once the application is ready, retries while
 * Temporal is unreachable, and only warns where schedules are not implemented (the test server).
 */
@Component
public class DetectionSchedules {
  private static final Logger log = LoggerFactory.getLogger(DetectionSchedules.class);

  private final ScheduleClient schedules;
  private final ScheduleUpkeep upkeep =
      new ScheduleUpkeep("synthetic journey and partner feed schedules", log);
  private final SyntheticProperties synthetics;
  private final PartnerProperties partners;
  private final IncidentProperties incident;
  private final IncidentKeys keys;

  public DetectionSchedules(
      ScheduleClient schedules,
      SyntheticProperties synthetics,
      PartnerProperties partners,
      IncidentProperties incident,
      IncidentKeys keys) {
    this.schedules = schedules;
    this.synthetics = synthetics;
    this.partners = partners;
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

  /** Creates, rewrites and deletes the schedules as configured; answers what it did to each. */
  public Map<String, String> ensure() {
    Map<String, Schedule> wanted = new LinkedHashMap<>();
    synthetics
        .configured()
        .forEach(
            (name, journey) ->
                wanted.put(
                    SyntheticJourneyWorkflow.SCHEDULE_PREFIX + name,
                    journey(journey, synthetics.intervalOf(name))));
    partners
        .configured()
        .forEach(
            (name, feed) ->
                wanted.put(
                    PartnerStatusWorkflow.SCHEDULE_PREFIX + name,
                    partner(feed, partners.partners().get(name).interval())));
    Map<String, String> done = new LinkedHashMap<>();
    wanted.forEach(
        (id, schedule) ->
            done.put(
                id,
                ScheduleUpkeep.createOrUpdate(schedules, id, schedule) ? "created" : "updated"));
    for (String stale : stale(wanted.keySet().stream().toList())) {
      done.put(stale, ScheduleUpkeep.deleteIfPresent(schedules, stale) ? "deleted" : "absent");
    }
    return done;
  }

  /** Schedules of ours no longer configured; none where the server cannot list them. */
  private List<String> stale(List<String> wanted) {
    try {
      return schedules
          .listSchedules()
          .map(ScheduleListDescription::getScheduleId)
          .filter(
              id ->
                  id.startsWith(SyntheticJourneyWorkflow.SCHEDULE_PREFIX)
                      || id.startsWith(PartnerStatusWorkflow.SCHEDULE_PREFIX))
          .filter(id -> !wanted.contains(id))
          .toList();
    } catch (RuntimeException e) {
      Status.Code code = ScheduleUpkeep.code(e);
      if (code == Status.Code.UNIMPLEMENTED || code == Status.Code.INVALID_ARGUMENT) {
        return List.of();
      }
      throw e;
    }
  }

  Schedule journey(Journey journey, Duration interval) {
    return schedule(
        SyntheticJourneyWorkflow.TYPE,
        SyntheticJourneyWorkflow.SCHEDULE_PREFIX + journey.name(),
        new SyntheticJourneyRequest(journey, keys.rule(), incident.policy()),
        interval);
  }

  Schedule partner(PartnerFeed feed, Duration interval) {
    return schedule(
        PartnerStatusWorkflow.TYPE,
        PartnerStatusWorkflow.SCHEDULE_PREFIX + feed.name(),
        new PartnerStatusRequest(feed, keys.rule(), incident.policy()),
        interval);
  }

  private Schedule schedule(String type, String id, Object argument, Duration interval) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(type)
                .setArguments(argument)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        // the schedule appends the fire time, so each run has its own id
                        .setWorkflowId(id)
                        .setTaskQueue(incident.taskQueue())
                        // a run never outlives its interval: the next one looks afresh
                        .setWorkflowExecutionTimeout(interval)
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(interval)))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                // a run missed while Temporal was down is not made up: the next one looks
                .setCatchupWindow(Duration.ofMinutes(1))
                .build())
        .build();
  }
}
