package io.incidentresponse.workflows.synthetic;

import io.incidentresponse.workflows.incident.IncidentKeyRule;
import io.incidentresponse.workflows.policy.ResponsePolicy;

/**
 * A journey's schedule's argument.
 *
 * @param journey the journey
 * @param keys the starter's incident key rule, so the incident id is the one an alert would get
 * @param policy the response policy an incident it opens runs with
 */
public record SyntheticJourneyRequest(
    Journey journey, IncidentKeyRule keys, ResponsePolicy policy) {}
