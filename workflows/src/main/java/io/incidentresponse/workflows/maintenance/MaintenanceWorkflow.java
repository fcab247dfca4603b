package io.incidentresponse.workflows.maintenance;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * A maintenance window for one service, or for every service: an Alertmanager silence while it
 * lasts, alerts for the service held at the door instead of opening incidents (P0 excepted), and an
 * end that comes by itself at the deadline through a durable timer, also when every worker was down
 * meanwhile. Workflow id {@code maintenance-<service>} (or {@code maintenance-all}), so there is
 * one at a time per service and the door finds it by id.
 */
@WorkflowInterface
public interface MaintenanceWorkflow {
  String TYPE = "Maintenance";

  /** The service name that stands for every service. */
  String ALL = "all";

  /** The longest maintenance, extensions included. */
  Duration LONGEST = Duration.ofDays(7);

  /** The workflow id of the maintenance of {@code service} ({@link #ALL} for everything). */
  static String workflowId(String service) {
    return "maintenance-" + service;
  }

  @WorkflowMethod(name = TYPE)
  MaintenanceState run(MaintenanceRequest request);

  @SignalMethod(description = "End the maintenance now. {\"by\":\"alice\",\"reason\":\"done\"}")
  void end(EndMaintenanceRequest request);

  @SignalMethod(
      description =
          "Move the deadline to this long from now (at most 7 days from the start)."
              + " {\"by\":\"alice\",\"duration\":\"PT1H\",\"reason\":\"migration slower\"}")
  void extend(ExtendMaintenanceRequest request);

  /**
   * The door holds these alerts here instead of opening an incident. Answers false once the
   * maintenance has ended (or is ending): the door then opens the incident, so no alert is lost in
   * the gap between the deadline and the workflow's completion.
   */
  @UpdateMethod(description = "Alerts held at the door (sent by the starter).")
  boolean holdAlerts(HeldAlerts held);

  @QueryMethod(description = "Service, deadline, silence, alerts held and the timeline.")
  MaintenanceState state();
}
