package io.incidentresponse.activities.health;

import io.incidentresponse.activities.kubernetes.RolloutStatusCheck;
import io.incidentresponse.activities.mitigation.RecoveryCheck;
import io.incidentresponse.activities.mitigation.RecoveryCheck.CheckResult;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.health.HealthCheckActivities;
import io.incidentresponse.workflows.health.HealthChecks;
import io.incidentresponse.workflows.health.HealthFinding;
import io.incidentresponse.workflows.health.ServiceHealth;
import io.incidentresponse.workflows.health.ServiceHealthRequest;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker's {@link HealthCheckActivities}: the same {@link RecoveryCheck}s recovery verification
 * runs (health endpoint, Prometheus) plus the Deployment's rollout, each check's result as a {@link
 * HealthFinding}. Every check of the health check has a finding: one whose system is not configured
 * is UNKNOWN "not configured: ...", one whose system could not be asked (Prometheus or the
 * Kubernetes API down, 403) is UNKNOWN "could not look: ...", and one a source left out (a blank
 * PromQL template) is UNKNOWN "not checked". None of these fail the activity.
 */
public final class ServiceHealthChecker implements HealthCheckActivities {

  /**
   * One source of checks.
   *
   * @param covers the checks it answers, from {@link HealthChecks}
   * @param check the check, or null when its system is not configured
   * @param notConfigured the setting that would configure it, e.g. {@code incident.prometheus.url}
   */
  public record Source(List<String> covers, RecoveryCheck check, String notConfigured) {}

  private final List<Source> sources;

  public ServiceHealthChecker(List<Source> sources) {
    this.sources = List.copyOf(sources);
  }

  @Override
  public ServiceHealth checkService(ServiceHealthRequest request) {
    VerificationRequest asked =
        new VerificationRequest(null, request.service(), request.namespace(), Map.of());
    Map<String, HealthFinding> found = new LinkedHashMap<>();
    for (Source source : sources) {
      for (HealthFinding finding : look(source, asked)) {
        found.putIfAbsent(finding.check(), finding);
      }
    }
    List<HealthFinding> findings = new ArrayList<>();
    for (String check : HealthChecks.ALL) {
      findings.add(found.getOrDefault(check, HealthFinding.unknown(check, "not checked")));
    }
    found.values().stream()
        .filter(f -> !HealthChecks.ALL.contains(f.check()))
        .forEach(findings::add);
    return ServiceHealth.of(request.service(), request.namespace(), findings);
  }

  private static List<HealthFinding> look(Source source, VerificationRequest request) {
    if (source.check() == null) {
      return all(source, "not configured: " + source.notConfigured());
    }
    List<CheckResult> results;
    try {
      results = source.check().check(request);
    } catch (ApplicationFailure e) {
      return all(
          source,
          (FailureType.NOT_CONFIGURED.type().equals(e.getType())
                  ? "not configured: "
                  : "could not look: ")
              + e.getOriginalMessage());
    } catch (RuntimeException e) {
      // a fault of this check: the service's state is unknown, the other checks still run
      return all(source, "could not look: " + e);
    }
    List<HealthFinding> findings = new ArrayList<>();
    for (CheckResult result : results) {
      if (result.passed()) {
        findings.add(HealthFinding.healthy(result.name(), result.detail()));
      } else if (!result.seen()) {
        findings.add(HealthFinding.unknown(result.name(), result.detail()));
      } else if (down(result)) {
        findings.add(HealthFinding.down(result.name(), result.detail()));
      } else {
        findings.add(HealthFinding.unhealthy(result.name(), result.detail()));
      }
    }
    return findings;
  }

  /** A failed check that means the service is down: see {@link HealthChecks#DOWN}. */
  private static boolean down(CheckResult failed) {
    if (!HealthChecks.DOWN.contains(failed.name())) {
      return false;
    }
    return !HealthChecks.READY_REPLICAS.equals(failed.name())
        || failed.detail().startsWith(RolloutStatusCheck.NONE_READY);
  }

  private static List<HealthFinding> all(Source source, String why) {
    return source.covers().stream().map(check -> HealthFinding.unknown(check, why)).toList();
  }
}
