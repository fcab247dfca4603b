package io.incidentresponse.starter.operation;

import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.operation.OperationRequest;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rollback and scale outside an incident, under {@code incident.operation.*}. Approvers, approvals
 * required, verified identity, risk per action type and dry run are the incident policy's ({@code
 * incident.policy.*}); the worker's guardrails ({@code incident.mitigation.*}) apply as inside an
 * incident.
 *
 * @param autoRunUpTo the highest risk that runs without approval outside an incident (e.g. {@code
 *     LOW}: a scale runs at once); unset (the default): every operation waits for an approver
 * @param approvalTimeout how long an operation waits for its approvals before it expires and
 *     nothing runs; default {@value #DEFAULT_APPROVAL_TIMEOUT}, at most 7 days
 */
@ConfigurationProperties("incident.operation")
public record OperationProperties(
    RiskClass autoRunUpTo,
    @DefaultValue(OperationProperties.DEFAULT_APPROVAL_TIMEOUT) Duration approvalTimeout) {
  public static final String DEFAULT_APPROVAL_TIMEOUT = "1h";

  public OperationProperties {
    approvalTimeout =
        approvalTimeout == null ? OperationRequest.DEFAULT_APPROVAL_TIMEOUT : approvalTimeout;
    if (approvalTimeout.isNegative()
        || approvalTimeout.isZero()
        || approvalTimeout.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException(
          "incident.operation.approval-timeout must be positive and at most 7 days, was "
              + approvalTimeout);
    }
  }
}
