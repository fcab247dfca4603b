package io.incidentresponse.workflows.drill;

/** A person stops the drill now; the fault is reverted at once. */
public record AbortDrillRequest(String by, String reason) {}
