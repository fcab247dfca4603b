package io.incidentresponse.workflows.incident;

/** {@code {"role":"INCIDENT_COMMANDER","person":"bob","by":"alice"}}. */
public record AssignRoleRequest(Role role, String person, String by) implements PersonSignalInput {}
