package io.incidentresponse.activities.mitigation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.activities.mitigation.RecoveryCheck.CheckResult;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MitigationRouterTest {
  private static final VerificationRequest CHECKOUT =
      new VerificationRequest("inc-1", "checkout", "shop", Map.of());

  private final List<MitigationRequest> ran = new ArrayList<>();

  private final Mitigator recording =
      request -> {
        ran.add(request);
        return new MitigationResult(
            request.dryRun() ? "dry run: would scale" : "scaled",
            Map.of("replicas", "3"),
            Map.of("replicas", "10"));
      };

  private static MitigationRequest scale(String namespace, int actionsRunSoFar, boolean dryRun) {
    return new MitigationRequest(
        "inc-1",
        "scale-1",
        new ActionProposal(
            ActionType.SCALE, namespace, "checkout", Map.of("replicas", "10"), null, "load"),
        "alice",
        dryRun,
        actionsRunSoFar);
  }

  private MitigationRouter router(Guardrails guardrails) {
    return new MitigationRouter(guardrails, Map.of(ActionType.SCALE, recording), List.of());
  }

  @Test
  void runMitigation_inAnAllowedNamespace_reachesTheMitigator() {
    MitigationResult result =
        router(Guardrails.allowing("shop")).runMitigation(scale("shop", 0, false));

    assertThat(result.summary()).isEqualTo("scaled");
    assertThat(ran).singleElement().satisfies(r -> assertThat(r.dryRun()).isFalse());
  }

  @Test
  void runMitigation_outsideTheAllowList_isRefusedAsGuardrailAndNothingRuns() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> router(Guardrails.allowing("shop")).runMitigation(scale("payments", 0, false)));

    assertThat(failure.getType()).isEqualTo(FailureType.GUARDRAIL.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "guardrail: namespace 'payments' is not in incident.mitigation.namespaces [shop]");
    assertThat(ran).isEmpty();
  }

  @Test
  void runMitigation_withAnEmptyAllowList_refusesEveryNamespace() {
    Guardrails none = new Guardrails(null, null, null, null, null);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> router(none).runMitigation(scale("shop", 0, false)));

    assertThat(failure.getOriginalMessage()).contains("(empty: no namespace is allowed)");
    assertThat(ran).isEmpty();
  }

  @Test
  void runMitigation_pastTheActionLimit_isRefused() {
    Guardrails two = new Guardrails(List.of("*"), null, null, 2, false);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> router(two).runMitigation(scale("shop", 2, false)));

    assertThat(failure.getType()).isEqualTo(FailureType.GUARDRAIL.type());
    assertThat(failure.getOriginalMessage()).contains("already ran 2 mitigations");
    assertThat(ran).isEmpty();
  }

  @Test
  void runMitigation_underAWorkerDryRun_isPassedOnAsDryRunWhateverThePolicySaid() {
    Guardrails dry = new Guardrails(List.of("shop"), null, null, null, true);

    MitigationResult result = router(dry).runMitigation(scale("shop", 0, false));

    assertThat(result.summary()).isEqualTo("dry run: would scale");
    assertThat(ran).singleElement().satisfies(r -> assertThat(r.dryRun()).isTrue());
  }

  @Test
  void runMitigation_ofATypeWithoutMitigator_reportsNotConfigured() {
    MitigationRequest rollback =
        new MitigationRequest(
            "inc-1",
            "rollback-1",
            new ActionProposal(ActionType.ROLLBACK, "shop", "checkout", Map.of(), null, ""),
            "alice",
            false,
            0);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> router(Guardrails.allowing("shop")).runMitigation(rollback));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(failure.getOriginalMessage()).isEqualTo("rollback mitigation is not configured");
  }

  @Test
  void guardrails_refuseMaxBelowMin() {
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class, () -> new Guardrails(null, 5, 3, null, null)))
        .hasMessageContaining("max-replicas (3) is below min-replicas (5)");
  }

  @Test
  void checkReplicas_neverAllowsZero() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> Guardrails.allowing("shop").checkReplicas(0));

    assertThat(failure.getOriginalMessage()).endsWith("(never scale to zero)");
  }

  // ---------------------------------------------------------------- verification

  private static RecoveryCheck passing(String name) {
    return request -> List.of(CheckResult.pass(name, "fine"));
  }

  @Test
  void verifyRecovery_withEveryCheckPassing_isHealthy() {
    MitigationRouter router =
        new MitigationRouter(
            Guardrails.allowing("shop"), Map.of(), List.of(passing("up"), passing("pods ready")));

    VerificationResult result = router.verifyRecovery(CHECKOUT);

    assertThat(result.healthy()).isTrue();
    assertThat(result.checks()).containsExactly("up fine: ok", "pods ready fine: ok");
  }

  @Test
  void verifyRecovery_withOneFailedCheck_isUnhealthyEvenIfAnotherCouldNotLook() {
    RecoveryCheck broken =
        request -> {
          throw ApplicationFailure.newFailure("Prometheus unreachable", "UNAVAILABLE");
        };
    RecoveryCheck failing = request -> List.of(CheckResult.fail("error ratio", "12.4% >= 5%"));
    MitigationRouter router =
        new MitigationRouter(Guardrails.allowing("shop"), Map.of(), List.of(broken, failing));

    VerificationResult result = router.verifyRecovery(CHECKOUT);

    assertThat(result.healthy()).isFalse();
    assertThat(result.summary()).isEqualTo("1 of 1 checks failed: error ratio 12.4% >= 5%: FAILED");
    assertThat(result.checks())
        .anyMatch(line -> line.contains("could not look: Prometheus unreachable"));
  }

  @Test
  void verifyRecovery_withNothingFailedButACheckUnreachable_provesNothingAndIsRetried() {
    RecoveryCheck broken =
        request -> {
          throw ApplicationFailure.newFailure("Prometheus unreachable", "UNAVAILABLE");
        };
    MitigationRouter router =
        new MitigationRouter(Guardrails.allowing("shop"), Map.of(), List.of(passing("up"), broken));

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> router.verifyRecovery(CHECKOUT));

    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).startsWith("verification incomplete: up fine: ok");
  }

  @Test
  void verifyRecovery_skipsACheckNotConfiguredForThisService() {
    RecoveryCheck healthUrlForOthersOnly =
        request -> {
          throw ApplicationFailure.newNonRetryableFailure(
              "no health URL for checkout", FailureType.NOT_CONFIGURED.type());
        };
    MitigationRouter router =
        new MitigationRouter(
            Guardrails.allowing("shop"),
            Map.of(),
            List.of(healthUrlForOthersOnly, passing("pods ready")));

    VerificationResult result = router.verifyRecovery(CHECKOUT);

    assertThat(result.healthy()).isTrue();
    assertThat(result.checks())
        .containsExactly("pods ready fine: ok", "skipped: no health URL for checkout");
  }

  @Test
  void verifyRecovery_withNoChecks_reportsNotConfigured() {
    MitigationRouter router =
        new MitigationRouter(Guardrails.allowing("shop"), Map.of(), List.of());

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> router.verifyRecovery(CHECKOUT));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
  }
}
