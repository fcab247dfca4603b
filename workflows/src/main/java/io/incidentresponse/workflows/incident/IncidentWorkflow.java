package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.diagnosis.DiagnosisReport;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One production incident, from its first alert to closure. People steer it with signals whose JSON
 * they can type in the Temporal UI ("More Actions" then "Send a Signal"); the workflow's current
 * details always name the signal and JSON to send next.
 */
@WorkflowInterface
public interface IncidentWorkflow {

  @WorkflowMethod(name = "Incident")
  IncidentOutcome run(IncidentInput input);

  @SignalMethod(
      description =
          "A responder takes the incident and stops escalation. {\"by\":\"alice\",\"note\":\"on it\"}")
  void acknowledge(AcknowledgeRequest request);

  @SignalMethod(
      description =
          "Approve a waiting mitigation; the approver must be on the approver list for its risk."
              + " {\"actionId\":\"rollback-1\",\"approver\":\"alice\",\"comment\":\"go\"}")
  void approve(ApproveRequest request);

  @SignalMethod(
      description =
          "Reject a waiting mitigation. {\"actionId\":\"rollback-1\",\"approver\":\"alice\","
              + "\"reason\":\"not the cause\"}")
  void reject(RejectRequest request);

  @SignalMethod(
      description =
          "Assign INCIDENT_COMMANDER, COMMUNICATIONS_LEAD, SCRIBE or OPERATIONS_LEAD."
              + " {\"role\":\"INCIDENT_COMMANDER\",\"person\":\"bob\",\"by\":\"alice\"}")
  void assignRole(AssignRoleRequest request);

  @SignalMethod(
      description =
          "Change the severity (P0-P3); re-arms the response timer and the update cadence."
              + " {\"severity\":\"P0\",\"by\":\"alice\",\"reason\":\"payments down\"}")
  void setSeverity(SetSeverityRequest request);

  @SignalMethod(description = "Add a note to the timeline. {\"by\":\"alice\",\"text\":\"EU only\"}")
  void addNote(NoteRequest request);

  @SignalMethod(
      description =
          "Ask for a mitigation (SCALE, RESTART, ROLLBACK, CIRCUIT_BREAKER, REDIRECT_TRAFFIC,"
              + " TERMINATE_QUERIES, READ_REPLICA, DRAIN_NODE, REPLACE_NODE); the policy decides"
              + " whether it waits for approval. {\"type\":\"SCALE\",\"namespace\":\"shop\","
              + "\"target\":\"checkout\",\"parameters\":{\"replicas\":\"10\"},\"by\":\"alice\","
              + "\"reason\":\"CPU saturated\"}")
  void requestAction(ActionRequest request);

  @SignalMethod(
      description =
          "Mitigation took effect: start monitoring for twice the incident duration."
              + " {\"by\":\"alice\",\"note\":\"rolled back by hand\"}")
  void markMitigated(MarkMitigatedRequest request);

  @SignalMethod(
      description =
          "Resolve now; falsePositive closes without a postmortem."
              + " {\"by\":\"alice\",\"note\":\"all green\",\"falsePositive\":false}")
  void resolve(ResolveRequest request);

  @SignalMethod(
      description =
          "Back from monitoring to mitigation. {\"by\":\"alice\",\"reason\":\"errors back\"}")
  void reopen(ReopenRequest request);

  @SignalMethod(
      description =
          "The users affected, when the closure waits for an impact assessment (or any time"
              + " before). {\"by\":\"alice\",\"usersAffected\":1200,\"note\":\"from the 5xx logs\"}")
  void recordImpact(RecordImpactRequest request);

  @SignalMethod(
      description =
          "Post the emergency contacts (internal leads, vendors) in the incident channel: those"
              + " for the topics, or all when none. {\"by\":\"alice\",\"topics\":[\"aws\"]}")
  void shareContacts(ShareContactsRequest request);

  @SignalMethod(
      description =
          "Alerts for this incident (sent by the starter): firing alerts join, resolved ones"
              + " count as recovery evidence.")
  void alert(AlertBatch batch);

  @UpdateMethod(
      description =
          "Approve a waiting mitigation and get an answer: accepted, or why it was refused."
              + " {\"actionId\":\"rollback-1\",\"approver\":\"alice\",\"comment\":\"go\"}")
  ApprovalResult approveAction(ApproveRequest request);

  @UpdateValidatorMethod(updateName = "approveAction")
  void validateApproveAction(ApproveRequest request);

  @QueryMethod(description = "The whole incident: phase, severity, roles, alerts, actions...")
  IncidentState state();

  @QueryMethod(
      description =
          "What a dashboard polls: phase, severity, acknowledgement, roles, counts and the latest"
              + " timeline line, without the alerts, diagnosis and timeline of the whole state.")
  StateSummary summary();

  @QueryMethod(description = "Every event so far: time, actor, event, action taken.")
  List<TimelineEntry> timeline();

  @QueryMethod(description = "Mitigations waiting for an approve or reject signal.")
  List<MitigationAction> pendingApprovals();

  @QueryMethod(description = "The latest diagnosis report, or null before the first one.")
  DiagnosisReport diagnosis();
}
