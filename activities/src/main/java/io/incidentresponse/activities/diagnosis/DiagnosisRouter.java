package io.incidentresponse.activities.diagnosis;

import io.incidentresponse.workflows.diagnosis.DiagnosisActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import java.util.EnumMap;
import java.util.Map;

/**
 * The worker's one {@link DiagnosisActivities} implementation: each probe goes to the system that
 * serves it (Kubernetes, Prometheus, Elasticsearch or Loki, ArgoCD, git, Jaeger, PostgreSQL). A
 * probe whose system has no settings fails at once with the non-retryable {@link
 * FailureType#NOT_CONFIGURED}, naming the setting to add, so the others still run and the report
 * shows which ones could not look.
 */
public final class DiagnosisRouter implements DiagnosisActivities {
  private final Map<DiagnosisProbe, Probe> probes;
  private final Map<DiagnosisProbe, String> missing;

  private DiagnosisRouter(Map<DiagnosisProbe, Probe> probes, Map<DiagnosisProbe, String> missing) {
    this.probes = probes;
    this.missing = missing;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Which probes are served, for the worker's start-up log. */
  public Map<DiagnosisProbe, Boolean> served() {
    Map<DiagnosisProbe, Boolean> served = new EnumMap<>(DiagnosisProbe.class);
    for (DiagnosisProbe probe : DiagnosisProbe.values()) {
      served.put(probe, probes.containsKey(probe));
    }
    return served;
  }

  /** Each probe not served, with what would configure it (the text its call fails with). */
  public Map<DiagnosisProbe, String> notServed() {
    Map<DiagnosisProbe, String> notServed = new EnumMap<>(DiagnosisProbe.class);
    for (DiagnosisProbe probe : DiagnosisProbe.values()) {
      if (!probes.containsKey(probe)) {
        notServed.put(probe, notConfigured(probe));
      }
    }
    return notServed;
  }

  private String notConfigured(DiagnosisProbe probe) {
    return missing.getOrDefault(probe, probe + " probe") + " is not configured";
  }

  private Finding run(DiagnosisProbe probe, DiagnosisRequest request) {
    Probe served = probes.get(probe);
    if (served == null) {
      throw ExpectedFailures.notConfigured(notConfigured(probe));
    }
    return served.inspect(request);
  }

  @Override
  public Finding inspectPods(DiagnosisRequest request) {
    return run(DiagnosisProbe.POD_HEALTH, request);
  }

  @Override
  public Finding inspectEvents(DiagnosisRequest request) {
    return run(DiagnosisProbe.KUBERNETES_EVENTS, request);
  }

  @Override
  public Finding inspectRollouts(DiagnosisRequest request) {
    return run(DiagnosisProbe.ROLLOUT_HISTORY, request);
  }

  @Override
  public Finding inspectNodes(DiagnosisRequest request) {
    return run(DiagnosisProbe.NODE_HEALTH, request);
  }

  @Override
  public Finding queryMetrics(DiagnosisRequest request) {
    return run(DiagnosisProbe.SERVICE_METRICS, request);
  }

  @Override
  public Finding searchLogs(DiagnosisRequest request) {
    return run(DiagnosisProbe.ERROR_LOGS, request);
  }

  @Override
  public Finding listRecentChanges(DiagnosisRequest request) {
    return run(DiagnosisProbe.RECENT_CHANGES, request);
  }

  @Override
  public Finding inspectDatabase(DiagnosisRequest request) {
    return run(DiagnosisProbe.DATABASE_CONNECTIONS, request);
  }

  @Override
  public Finding inspectGitChanges(DiagnosisRequest request) {
    return run(DiagnosisProbe.GIT_CHANGES, request);
  }

  @Override
  public Finding readPodLogs(DiagnosisRequest request) {
    return run(DiagnosisProbe.POD_LOGS, request);
  }

  @Override
  public Finding analyzeDependencies(DiagnosisRequest request) {
    return run(DiagnosisProbe.DEPENDENCIES, request);
  }

  @Override
  public Finding searchTraces(DiagnosisRequest request) {
    return run(DiagnosisProbe.TRACES, request);
  }

  /** Collects the served probes; every probe left out reports its system as not configured. */
  public static final class Builder {
    private final Map<DiagnosisProbe, Probe> probes = new EnumMap<>(DiagnosisProbe.class);
    private final Map<DiagnosisProbe, String> missing = new EnumMap<>(DiagnosisProbe.class);

    /** Serve {@code probe} with {@code implementation} when it is not null. */
    public Builder probe(DiagnosisProbe probe, Probe implementation, String whenMissing) {
      if (implementation != null) {
        probes.put(probe, implementation);
      } else {
        missing.put(probe, whenMissing);
      }
      return this;
    }

    public DiagnosisRouter build() {
      return new DiagnosisRouter(new EnumMap<>(probes), new EnumMap<>(missing));
    }
  }
}
