package io.incidentresponse.bench.raw;

import java.util.List;

/**
 * A queued raw delivery: its groups, and what a workflow a group starts runs.
 *
 * @param groups one per incident key, each to its own raw workflow
 * @param input the started workflows' input
 */
public record RawIntakeInput(List<RawGroup> groups, RawInput input) {}
