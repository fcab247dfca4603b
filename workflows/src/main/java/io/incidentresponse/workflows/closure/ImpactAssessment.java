package io.incidentresponse.workflows.closure;

/**
 * What an impact measurement found.
 *
 * @param usersAffected users affected, or null when the measurement had no data
 * @param source where the number came from, e.g. the query that was run
 */
public record ImpactAssessment(Long usersAffected, String source) {}
