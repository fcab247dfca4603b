package io.incidentresponse.workflows.health;

import java.util.List;

/**
 * One service's health: every check's finding, and the worst of them.
 *
 * @param service the service
 * @param namespace its namespace
 * @param status UNHEALTHY when a check is; else UNKNOWN when a check is or none ran; else HEALTHY
 * @param findings one per check, in {@link HealthChecks#ALL} order
 */
public record ServiceHealth(
    String service, String namespace, HealthStatus status, List<HealthFinding> findings) {

  public ServiceHealth {
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  /** The service with {@code findings}, its status the worst of them (UNKNOWN when none). */
  public static ServiceHealth of(String service, String namespace, List<HealthFinding> findings) {
    HealthStatus status = findings.isEmpty() ? HealthStatus.UNKNOWN : HealthStatus.HEALTHY;
    for (HealthFinding finding : findings) {
      status = status.worst(finding.status());
    }
    return new ServiceHealth(service, namespace, status, findings);
  }

  /** Every check UNKNOWN for {@code why}: the checks could not run at all. */
  public static ServiceHealth unknown(String service, String namespace, String why) {
    return of(
        service,
        namespace,
        HealthChecks.ALL.stream().map(check -> HealthFinding.unknown(check, why)).toList());
  }

  /**
   * Whether the service is down: a finding says so ({@link HealthFinding#down()}). An error ratio
   * or p95 above its bound, or some replicas not ready, is unhealthy but not down; an UNKNOWN is
   * never down.
   */
  public boolean down() {
    return !downFindings().isEmpty();
  }

  /** The findings that make the service down, e.g. {@code up 0 < 1}. */
  public List<HealthFinding> downFindings() {
    return findings.stream().filter(HealthFinding::down).toList();
  }
}
