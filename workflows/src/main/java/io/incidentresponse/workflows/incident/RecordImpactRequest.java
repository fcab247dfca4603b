package io.incidentresponse.workflows.incident;

/**
 * A person's impact assessment at closure. JSON: {@code {"by":"alice","usersAffected":1200,
 * "note":"checkout failures from the 5xx logs"}}.
 *
 * @param by who assessed it (required)
 * @param usersAffected users affected (required, 0 or more)
 * @param note how it was estimated
 */
public record RecordImpactRequest(String by, Long usersAffected, String note)
    implements PersonSignalInput {}
