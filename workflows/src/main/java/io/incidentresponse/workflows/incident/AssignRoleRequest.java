package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.model.Role;

/** {@code {"role":"INCIDENT_COMMANDER","person":"bob","by":"alice"}}. */
public record AssignRoleRequest(Role role, String person, String by) implements PersonSignalInput {}
