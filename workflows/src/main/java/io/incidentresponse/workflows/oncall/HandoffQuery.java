package io.incidentresponse.workflows.oncall;

import java.time.Instant;

/**
 * The hand-offs of every rotation with {@code after < at <= until}.
 *
 * @param after exclusive start
 * @param until inclusive end
 */
public record HandoffQuery(Instant after, Instant until) {}
