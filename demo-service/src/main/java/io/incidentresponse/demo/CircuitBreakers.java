package io.incidentresponse.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's named circuit breakers, each {@code closed} (calls go through) or {@code open}
 * (calls are skipped). Only the names given at start exist: an unknown name is a 404 at the admin
 * endpoint, as the project's CircuitBreakerMitigator expects of a real service.
 */
final class CircuitBreakers {
  static final String CLOSED = "closed";
  static final String OPEN = "open";

  private final Map<String, String> states = new ConcurrentHashMap<>();
  private final List<String> names;

  CircuitBreakers(List<String> names) {
    this.names = List.copyOf(names);
    names.forEach(name -> states.put(name, CLOSED));
  }

  /** The breaker's state, or empty when there is no breaker of that name. */
  Optional<String> state(String name) {
    return Optional.ofNullable(states.get(name));
  }

  /**
   * Sets a known breaker to {@code open} or {@code closed} (any case); answers the new state.
   *
   * @throws IllegalArgumentException for another state
   * @throws java.util.NoSuchElementException for an unknown breaker
   */
  String set(String name, String state) {
    String wanted = state == null ? "" : state.strip().toLowerCase(Locale.ROOT);
    if (!wanted.equals(OPEN) && !wanted.equals(CLOSED)) {
      throw new IllegalArgumentException("state must be open or closed, was '" + state + "'");
    }
    if (states.computeIfPresent(name, (key, old) -> wanted) == null) {
      throw new java.util.NoSuchElementException("no circuit breaker named " + name);
    }
    return wanted;
  }

  boolean isOpen(String name) {
    return OPEN.equals(states.get(name));
  }

  /** Every breaker and its state, in the order they were named. */
  Map<String, String> all() {
    Map<String, String> all = new LinkedHashMap<>();
    names.forEach(name -> all.put(name, states.get(name)));
    return all;
  }
}
