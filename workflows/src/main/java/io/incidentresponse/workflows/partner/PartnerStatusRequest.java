package io.incidentresponse.workflows.partner;

import io.incidentresponse.workflows.incident.IncidentKeyRule;
import io.incidentresponse.workflows.policy.ResponsePolicy;

/**
 * A partner feed's schedule's argument.
 *
 * @param feed the feed
 * @param keys the starter's incident key rule (for {@code open-incident})
 * @param policy the response policy an incident it opens runs with
 */
public record PartnerStatusRequest(PartnerFeed feed, IncidentKeyRule keys, ResponsePolicy policy) {}
