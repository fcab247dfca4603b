package io.incidentresponse.workflows.oncall;

import java.time.Instant;

/**
 * Who is on call: for one team (or every team when null) at an instant (now when null).
 *
 * @param team a team's name, or null for all
 * @param at the instant to answer for, or null for now
 */
public record OnCallQuery(String team, Instant at) {}
