package io.incidentresponse.workflows.mitigation;

import java.util.Map;

/**
 * What a mitigation did, with enough of the before and after state to undo it.
 *
 * @param summary one line for the timeline
 * @param before relevant state before (e.g. {@code replicas=3}, {@code revision=41})
 * @param after relevant state after
 */
public record MitigationResult(
    String summary, Map<String, String> before, Map<String, String> after) {}
