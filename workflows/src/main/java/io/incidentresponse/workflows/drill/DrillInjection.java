package io.incidentresponse.workflows.drill;

import java.util.Map;

/**
 * A fault to inject, and what the target looked like before it: everything the revert needs, so it
 * restores exactly that (an env value, or its absence; a replica count; a rate).
 *
 * @param drillId the drill's workflow id; inject and revert mark their changes with it
 * @param scenario the scenario's name
 * @param service the service drilled
 * @param namespace its namespace
 * @param parameters the scenario's parameters
 * @param before what the scenario read before the change (its own keys)
 * @param description what the fault is, in words, for the timeline
 * @param dryRun nothing is changed, only said
 */
public record DrillInjection(
    String drillId,
    String scenario,
    String service,
    String namespace,
    Map<String, String> parameters,
    Map<String, String> before,
    String description,
    boolean dryRun) {}
