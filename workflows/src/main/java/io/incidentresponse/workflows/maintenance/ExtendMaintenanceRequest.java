package io.incidentresponse.workflows.maintenance;

import java.time.Duration;

/**
 * A person moves the deadline: {@code by} more time from now ({@code duration}), never beyond
 * {@link MaintenanceWorkflow#LONGEST} from the start.
 */
public record ExtendMaintenanceRequest(String by, Duration duration, String reason) {}
