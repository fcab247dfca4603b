package io.incidentresponse.workflows.maintenance;

/** A person ends the maintenance before its deadline. */
public record EndMaintenanceRequest(String by, String reason) {}
