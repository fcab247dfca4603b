package io.incidentresponse.activities.mitigation;

import io.incidentresponse.activities.mitigation.RecoveryCheck.CheckResult;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's one {@link MitigationActivities} implementation. Every mitigation passes the
 * worker's {@link Guardrails} here first (action limit, namespace allow-list, forced dry run), then
 * goes to the {@link Mitigator} of its type; a type with no mitigator (its system has no settings)
 * fails with NOT_CONFIGURED. Verification runs every configured {@link RecoveryCheck}.
 */
public final class MitigationRouter implements MitigationActivities {
  private static final Logger log = LoggerFactory.getLogger(MitigationRouter.class);

  /** Types that act on a namespaced Kubernetes object, so the namespace allow-list applies. */
  private static final Set<ActionType> NAMESPACED =
      EnumSet.of(
          ActionType.SCALE,
          ActionType.RESTART,
          ActionType.ROLLBACK,
          ActionType.REDIRECT_TRAFFIC,
          ActionType.READ_REPLICA);

  private final Guardrails guardrails;
  private final Map<ActionType, Mitigator> mitigators;
  private final List<RecoveryCheck> checks;

  public MitigationRouter(
      Guardrails guardrails, Map<ActionType, Mitigator> mitigators, List<RecoveryCheck> checks) {
    this.guardrails = guardrails;
    this.mitigators = mitigators.isEmpty() ? Map.of() : new EnumMap<>(mitigators);
    this.checks = List.copyOf(checks);
  }

  /** Which action types are served, for the worker's start-up log. */
  public Set<ActionType> served() {
    return mitigators.keySet();
  }

  @Override
  public MitigationResult runMitigation(MitigationRequest request) {
    ActionProposal action = request.action();
    if (action == null || action.type() == null || blank(action.target())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a mitigation needs an action with a type and a target", FailureType.BAD_REQUEST.type());
    }
    guardrails.checkActionCount(request.actionsRunSoFar());
    if (NAMESPACED.contains(action.type())) {
      guardrails.checkNamespace(action.namespace());
    }
    Mitigator mitigator = mitigators.get(action.type());
    if (mitigator == null) {
      throw ExpectedFailures.notConfigured(action.type().slug() + " mitigation is not configured");
    }
    boolean dryRun = request.dryRun() || guardrails.dryRun();
    MitigationRequest effective =
        dryRun == request.dryRun()
            ? request
            : new MitigationRequest(
                request.incidentId(),
                request.actionId(),
                action,
                request.approvedBy(),
                true,
                request.actionsRunSoFar());
    log.info(
        "Mitigation {} {}: {} approved by {}",
        request.idempotencyKey(),
        dryRun ? "(dry run)" : "",
        action.describe(),
        request.approvedBy());
    MitigationResult result = mitigator.run(effective);
    log.info("Mitigation {} done: {}", request.idempotencyKey(), result.summary());
    return result;
  }

  @Override
  public VerificationResult verifyRecovery(VerificationRequest request) {
    if (checks.isEmpty()) {
      throw ExpectedFailures.notConfigured(
          "recovery verification is not configured (no health URL, Kubernetes or Prometheus)");
    }
    List<CheckResult> results = new ArrayList<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    for (RecoveryCheck check : checks) {
      try {
        results.addAll(check.check(request));
      } catch (ApplicationFailure e) {
        if (FailureType.NOT_CONFIGURED.type().equals(e.getType())) {
          // e.g. a health URL configured for other services only: not evidence either way.
          skipped.add(e.getOriginalMessage());
        } else {
          unavailable.put(check.getClass().getSimpleName(), e.getOriginalMessage());
        }
      }
    }
    if (results.isEmpty() && unavailable.isEmpty()) {
      throw ExpectedFailures.notConfigured(
          "no recovery check applies to " + request.service() + ": " + String.join("; ", skipped));
    }
    List<String> lines = new ArrayList<>(results.stream().map(CheckResult::line).toList());
    unavailable.forEach((check, why) -> lines.add(check + " could not look: " + why));
    skipped.forEach(why -> lines.add("skipped: " + why));
    List<CheckResult> failed = results.stream().filter(r -> !r.passed()).toList();
    if (!failed.isEmpty()) {
      String summary =
          failed.size()
              + " of "
              + results.size()
              + " checks failed: "
              + String.join("; ", failed.stream().map(CheckResult::line).toList());
      return new VerificationResult(false, summary, lines);
    }
    if (!unavailable.isEmpty()) {
      // Nothing failed but something could not look: that proves nothing either way.
      throw ApplicationFailure.newFailure(
          "verification incomplete: " + String.join("; ", lines), FailureType.UNAVAILABLE.type());
    }
    return new VerificationResult(true, "all " + results.size() + " checks passed", lines);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
