package io.incidentresponse.bench.raw;

import java.util.List;

/**
 * The raw workflow's state query answer: what it holds, as an incident's state does.
 *
 * @param stepsDone activities completed
 * @param closed whether the close signal arrived
 * @param alerts the alert bodies received, oldest first
 */
public record RawState(int stepsDone, boolean closed, List<String> alerts) {}
