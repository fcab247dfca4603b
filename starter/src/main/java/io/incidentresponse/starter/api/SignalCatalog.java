package io.incidentresponse.starter.api;

import io.incidentresponse.workflows.incident.AcknowledgeRequest;
import io.incidentresponse.workflows.incident.ActionRequest;
import io.incidentresponse.workflows.incident.ApproveRequest;
import io.incidentresponse.workflows.incident.AssignRoleRequest;
import io.incidentresponse.workflows.incident.MarkMitigatedRequest;
import io.incidentresponse.workflows.incident.NoteRequest;
import io.incidentresponse.workflows.incident.RecordImpactRequest;
import io.incidentresponse.workflows.incident.RejectRequest;
import io.incidentresponse.workflows.incident.ReopenRequest;
import io.incidentresponse.workflows.incident.ResolveRequest;
import io.incidentresponse.workflows.incident.SetSeverityRequest;
import java.util.List;
import java.util.Map;

/** The signals people may send through the API, with their input type and required fields. */
enum SignalCatalog {
  ACKNOWLEDGE("acknowledge", AcknowledgeRequest.class, "by"),
  APPROVE("approve", ApproveRequest.class, "actionId", "approver"),
  REJECT("reject", RejectRequest.class, "actionId", "approver"),
  ASSIGN_ROLE("assignRole", AssignRoleRequest.class, "role", "person"),
  SET_SEVERITY("setSeverity", SetSeverityRequest.class, "severity", "by"),
  ADD_NOTE("addNote", NoteRequest.class, "text"),
  REQUEST_ACTION("requestAction", ActionRequest.class, "type", "target", "by"),
  MARK_MITIGATED("markMitigated", MarkMitigatedRequest.class, "by"),
  RESOLVE("resolve", ResolveRequest.class, "by"),
  REOPEN("reopen", ReopenRequest.class, "by"),
  RECORD_IMPACT("recordImpact", RecordImpactRequest.class, "by", "usersAffected");

  private static final Map<String, SignalCatalog> BY_NAME =
      java.util.Arrays.stream(values())
          .collect(java.util.stream.Collectors.toMap(s -> s.signalName, s -> s));

  final String signalName;
  final Class<?> inputType;
  final List<String> required;

  SignalCatalog(String signalName, Class<?> inputType, String... required) {
    this.signalName = signalName;
    this.inputType = inputType;
    this.required = List.of(required);
  }

  static SignalCatalog byName(String name) {
    return BY_NAME.get(name);
  }

  static List<String> names() {
    return java.util.Arrays.stream(values()).map(s -> s.signalName).toList();
  }
}
