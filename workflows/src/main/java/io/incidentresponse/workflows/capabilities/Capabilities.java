package io.incidentresponse.workflows.capabilities;

import io.incidentresponse.workflows.SharedValues;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the worker serving an incident has no settings for. The incident workflow asks once per run
 * ({@link CapabilityActivities}), keeps the answer in its history, and schedules no activity of an
 * integration or probe listed here.
 *
 * @param notConfigured the integrations not configured, in {@link Integration} order
 * @param probesNotServed each diagnosis probe not served, with what would configure it (e.g. {@code
 *     Kubernetes (incident.kubernetes.enabled) is not configured})
 */
public record Capabilities(
    List<Integration> notConfigured, Map<DiagnosisProbe, String> probesNotServed) {

  /** Everything configured: what a worker that cannot say is taken to have. */
  public static final Capabilities ALL = new Capabilities(List.of(), Map.of());

  public Capabilities {
    notConfigured = notConfigured == null ? List.of() : List.copyOf(notConfigured);
    probesNotServed =
        probesNotServed == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(probesNotServed));
  }

  /**
   * Answers in use in this JVM, each kept once while an incident holds it: a worker answers every
   * incident it serves the same, and each waiting incident kept its own copy (12 probes not served,
   * with what would configure each: about 1.7 KB per incident where the worker has no diagnosis
   * integration).
   */
  private static final SharedValues<Capabilities> SHARED = new SharedValues<>();

  /**
   * The one instance in this JVM with the same content, in the same order, as this answer (this
   * one, the first time).
   */
  public Capabilities shared() {
    return SHARED.shared(this);
  }

  /** Whether {@code integration} has no settings on this worker. */
  public boolean missing(Integration integration) {
    return notConfigured.contains(integration);
  }

  /** Why {@code probe} cannot look here, or null when it is served. */
  public String probeMissing(DiagnosisProbe probe) {
    return probesNotServed.get(probe);
  }

  /** Nothing is missing. */
  public boolean complete() {
    return notConfigured.isEmpty() && probesNotServed.isEmpty();
  }

  /**
   * One line for the timeline: {@code paging (PagerDuty), chat (Slack); probes POD_HEALTH, TRACES}.
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    for (Integration integration : notConfigured) {
      parts.add(integration.label());
    }
    String integrations = String.join(", ", parts);
    if (probesNotServed.isEmpty()) {
      return integrations;
    }
    String probes =
        "probes "
            + String.join(
                ", ", probesNotServed.keySet().stream().map(DiagnosisProbe::name).toList());
    return integrations.isEmpty() ? probes : integrations + "; " + probes;
  }
}
