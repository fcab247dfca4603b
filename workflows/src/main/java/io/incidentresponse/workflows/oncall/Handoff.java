package io.incidentresponse.workflows.oncall;

import java.time.Instant;

/**
 * One hand-off of a rotation: {@code outgoing} hands over to {@code incoming} at {@code at}.
 *
 * @param team the rotation's team
 * @param rotation the rotation
 * @param at the instant of the hand-off
 * @param outgoing who was on call before, or null
 * @param incoming who is on call after, or null
 */
public record Handoff(
    String team, String rotation, Instant at, OnCallPerson outgoing, OnCallPerson incoming) {}
