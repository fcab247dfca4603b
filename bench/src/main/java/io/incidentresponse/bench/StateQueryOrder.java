package io.incidentresponse.bench;

import java.util.List;

/**
 * The order of one round of the open-incidents scenario's state samples: the project's whole state,
 * its summary (the target row) and the raw side's query. Rounds go through the six orders in turn,
 * so over every six rounds each kind is first, second and last twice and directly follows each
 * other kind twice: no side is always measured right after the other side's JVMs were woken, or
 * right after its own heavier query.
 */
enum StateQueryOrder {
  FULL,
  SUMMARY,
  RAW;

  private static final List<List<StateQueryOrder>> ORDERS =
      List.of(
          List.of(FULL, SUMMARY, RAW),
          List.of(SUMMARY, RAW, FULL),
          List.of(RAW, FULL, SUMMARY),
          List.of(FULL, RAW, SUMMARY),
          List.of(RAW, SUMMARY, FULL),
          List.of(SUMMARY, FULL, RAW));

  /** The order of round {@code i} (0, 1, ...). */
  static List<StateQueryOrder> round(int i) {
    return ORDERS.get(Math.floorMod(i, ORDERS.size()));
  }
}
