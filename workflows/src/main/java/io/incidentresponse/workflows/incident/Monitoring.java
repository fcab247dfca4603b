package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.capabilities.Integration;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The runbook's recovery and monitoring: verification (recorded when its outcome changes), the
 * window of twice the incident's duration with a check every interval and one at its end, a
 * regression back to mitigation, and a recovery nobody can verify resolved only when every alert
 * resolved at its source, else handed to a person once, with checks backing off: it never spins.
 */
final class Monitoring extends IncidentStep implements RunbookStep {
  /**
   * {@link Workflow#getVersion} id of the change that stops a failed verification from going
   * straight back to monitoring on the strength of alerts that had already resolved.
   */
  static final String VERIFIED_REOPEN_CHANGE = "verified-reopen";

  /**
   * A failed verification sooner than this after the last diagnosis round (with no action since)
   * does not run the probes again.
   */
  static final Duration REDIAGNOSE_AFTER = Duration.ofMinutes(30);

  /** Verification that cannot look backs off up to this interval between attempts. */
  static final Duration UNVERIFIED_BACKOFF_MAX = Duration.ofHours(1);

  Monitoring(IncidentContext ctx) {
    super(ctx);
  }

  /**
   * MITIGATING: recovery evidence starts the monitoring window: every alert resolved at its source
   * (once; after a failed verification the alerts are re-checked at {@code recheckAt} instead), a
   * verified action, or a person's {@code markMitigated}.
   */
  void startIfMitigated() {
    if (s.phase != Phase.MITIGATING) {
      return;
    }
    if (s.mitigationEvidence == null && ctx.intake.allAlertsResolved()) {
      if (!s.alertsResolvedEvidenceSpent) {
        s.mitigationEvidence = "every alert resolved at its source";
        s.restoredAt = ctx.intake.alertsEndedAt();
      } else if (s.recheckAt != null && !now().isBefore(s.recheckAt)) {
        recheckAfterResolvedAlerts();
      }
    }
    if (s.mitigationEvidence != null) {
      startMonitoring();
    }
  }

  /**
   * Recovery evidence while mitigating (a person's markMitigated, a verified action, every alert
   * newly resolved), or a regression while monitoring (a firing alert, a person's reopen).
   */
  @Override
  public boolean due() {
    return (s.phase == Phase.MITIGATING
            && (s.mitigationEvidence != null
                || (ctx.intake.allAlertsResolved() && !s.alertsResolvedEvidenceSpent)))
        || (s.phase == Phase.MONITORING && s.regression != null);
  }

  /**
   * The next verification while monitoring (before the hardened lifecycle, also the window's end),
   * or the next look at a recovery the alerts report and verification has not confirmed yet.
   */
  @Override
  public Optional<Instant> wakeAt() {
    if (s.phase == Phase.MONITORING) {
      if (ctx.hardened || s.nextVerificationAt.isBefore(s.monitoringEndsAt)) {
        return Optional.of(s.nextVerificationAt);
      }
      return Optional.of(s.monitoringEndsAt);
    }
    if (s.phase == Phase.MITIGATING
        && s.alertsResolvedEvidenceSpent
        && s.recheckAt != null
        && ctx.intake.allAlertsResolved()) {
      return Optional.of(s.recheckAt);
    }
    return Optional.empty();
  }

  /** Starts the window on recovery evidence; verifies when due, reopens, resolves a clean one. */
  @Override
  public void act() {
    startIfMitigated();
    if (s.phase == Phase.MONITORING) {
      monitor();
    }
  }

  VerificationResult verify() {
    VerificationRequest request =
        new VerificationRequest(
            s.incidentId, s.service, s.namespace, s.alerts.values().iterator().next().labels());
    if (ctx.hardened) {
      return verifyRecordingChanges(request);
    }
    VerificationResult result =
        attemptGet(
            Integration.RECOVERY_CHECKS,
            "Recovery verification",
            () -> ctx.verifier().verifyRecovery(request));
    if (result != null) {
      record(
          SYSTEM,
          "Verification: " + (result.healthy() ? "healthy" : "unhealthy"),
          result.summary() == null ? "" : result.summary());
    }
    return result;
  }

  /**
   * Verifies, putting on the timeline only what changed: the first result, healthy turning
   * unhealthy or back, and verification becoming unavailable (with why) or available again; a
   * window of identical checks is one line. Null when verification could not look.
   */
  VerificationResult verifyRecordingChanges(VerificationRequest request) {
    VerificationResult result =
        attemptQuietly(Integration.RECOVERY_CHECKS, () -> ctx.verifier().verifyRecovery(request));
    String outcome = result == null ? "unavailable" : result.healthy() ? "healthy" : "unhealthy";
    boolean changed = !outcome.equals(s.lastVerification);
    s.lastVerification = outcome;
    if (result == null) {
      String why = ctx.lastFailure == null ? "the check answered nothing" : ctx.lastFailure;
      s.unverifiedChecks++;
      if (changed || !why.equals(s.verificationProblem)) {
        record(SYSTEM, "Recovery cannot be verified", why);
      }
      s.verificationProblem = why;
      return null;
    }
    s.unverifiedChecks = 0;
    s.verificationProblem = null;
    if (changed) {
      record(SYSTEM, "Verification: " + outcome, result.summary() == null ? "" : result.summary());
    }
    return result;
  }

  /**
   * When to look again after verification could not: the interval, doubling with each check that
   * could not look, up to {@link #UNVERIFIED_BACKOFF_MAX}, so an integration that is not configured
   * costs a handful of checks a day, not one every few minutes.
   */
  Instant nextUnverifiedCheck() {
    Duration interval = policy.verificationInterval();
    Duration wait = interval.multipliedBy(1L << Math.min(Math.max(s.unverifiedChecks - 1, 0), 10));
    Duration max =
        interval.compareTo(UNVERIFIED_BACKOFF_MAX) > 0 ? interval : UNVERIFIED_BACKOFF_MAX;
    return now().plus(wait.compareTo(max) > 0 ? max : wait);
  }

  void startMonitoring() {
    Instant now = now();
    Duration incident = Duration.between(s.detectedAt, now);
    Duration window = incident.multipliedBy(2);
    if (window.compareTo(policy.minimumMonitoringWindow()) < 0) {
      window = policy.minimumMonitoringWindow();
    }
    s.mitigatedAt = now;
    s.monitoringEndsAt = now.plus(window);
    Instant verifyAt = now.plus(policy.verificationInterval());
    s.nextVerificationAt = verifyAt.isBefore(s.monitoringEndsAt) ? verifyAt : s.monitoringEndsAt;
    String evidence = s.mitigationEvidence;
    s.mitigationEvidence = null;
    s.regression = null;
    setPhase(
        Phase.MONITORING,
        SYSTEM,
        "Mitigated: " + evidence,
        "Monitoring for "
            + Texts.duration(window)
            + " (2x the "
            + Texts.duration(incident)
            + " incident) until "
            + time(s.monitoringEndsAt));
  }

  void monitor() {
    if (ctx.hardened) {
      monitorWithoutSpinning();
      return;
    }
    if (s.regression != null) {
      reopen(s.regression, true);
      return;
    }
    Instant now = now();
    if (now.isBefore(s.nextVerificationAt) && now.isBefore(s.monitoringEndsAt)) {
      return;
    }
    VerificationResult result = verify();
    if (s.regression != null) {
      reopen(s.regression, true);
      return;
    }
    if (result != null && !result.healthy()) {
      reopen("verification failed: " + result.summary(), true);
      return;
    }
    if (result != null && !now().isBefore(s.monitoringEndsAt)) {
      ctx.resolution.markResolved(SYSTEM, "Monitoring window passed clean", "Recovery verified");
      return;
    }
    // An unavailable verification proves nothing: keep monitoring; a person may resolve.
    Instant verifyAt = now().plus(policy.verificationInterval());
    s.nextVerificationAt =
        verifyAt.isBefore(s.monitoringEndsAt) || result == null ? verifyAt : s.monitoringEndsAt;
  }

  /**
   * Monitoring, verifying at {@code nextVerificationAt}, which it always leaves in the future when
   * the incident stays here: within the window every interval and once at its end; after it, when
   * verification cannot look, with a back-off. At the window's end a healthy verification resolves;
   * one that cannot look resolves only when every alert has resolved at its source and none fired
   * again (the timeline says recovery was not verified, and why); otherwise the responders are told
   * once what to send and the incident keeps checking.
   */
  void monitorWithoutSpinning() {
    if (s.regression != null) {
      reopen(s.regression, true);
      return;
    }
    if (now().isBefore(s.nextVerificationAt)) {
      return;
    }
    VerificationResult result = verify();
    if (s.regression != null) {
      reopen(s.regression, true);
      return;
    }
    if (result != null && !result.healthy()) {
      reopen("verification failed: " + result.summary(), false);
      return;
    }
    Instant now = now();
    boolean windowOver = !now.isBefore(s.monitoringEndsAt);
    if (result != null) {
      if (windowOver) {
        ctx.resolution.markResolved(SYSTEM, "Monitoring window passed clean", "Recovery verified");
        return;
      }
      Instant verifyAt = now.plus(policy.verificationInterval());
      s.nextVerificationAt = verifyAt.isBefore(s.monitoringEndsAt) ? verifyAt : s.monitoringEndsAt;
      return;
    }
    if (windowOver && ctx.intake.allAlertsResolved()) {
      ctx.resolution.markResolved(
          SYSTEM,
          "Monitoring window passed; recovery not verified (" + s.verificationProblem + ")",
          "Every alert resolved at its source and none fired again during the window");
      return;
    }
    if (windowOver && !s.unverifiedNoticeSent) {
      s.unverifiedNoticeSent = true;
      record(
          SYSTEM,
          "Monitoring window passed, but recovery cannot be verified",
          s.verificationProblem
              + ". If service is healthy, resolve by hand: signal resolve with "
              + IncidentSignals.RESOLVE.example());
      IncidentUpdate notice = update(null);
      inBackground(
          () ->
              attempt(
                  Integration.CHAT,
                  "Unverified recovery notice",
                  () -> ctx.chat().postUpdate(notice)));
    }
    Instant next = nextUnverifiedCheck();
    s.nextVerificationAt =
        !windowOver && next.isAfter(s.monitoringEndsAt) ? s.monitoringEndsAt : next;
    publish();
  }

  /**
   * Back to mitigation. {@code newEvidence}: a person or a fresh alert says so, so the probes run
   * again; a failed verification alone re-probes only when the last round is stale (see {@link
   * #diagnosisStillFresh}), or a flapping check would run every probe at every flap.
   */
  void reopen(String why, boolean newEvidence) {
    s.reopenCount++;
    s.regression = null;
    s.monitoringEndsAt = null;
    s.nextVerificationAt = null;
    s.restoredAt = null;
    s.unverifiedNoticeSent = false;
    String next = "Mitigation reopened; diagnosing again";
    if (ctx.hardened && !newEvidence && ctx.investigation.diagnosisStillFresh()) {
      next =
          "Mitigation reopened; diagnosis round "
              + s.diagnosis.round()
              + " ran less than "
              + Texts.duration(REDIAGNOSE_AFTER)
              + " ago and stands";
    } else {
      s.diagnosisPending = true;
    }
    if (ctx.intake.allAlertsResolved() && ctx.follows(VERIFIED_REOPEN_CHANGE)) {
      // Without this the resolved alerts would count as mitigation again at once, and the
      // incident would loop between monitoring and mitigation at every failed check.
      s.alertsResolvedEvidenceSpent = true;
      s.recheckAt = now().plus(policy.verificationInterval());
      next +=
          "; the alerts are resolved but verification is not: checking again every "
              + Texts.duration(policy.verificationInterval());
    }
    setPhase(Phase.MITIGATING, SYSTEM, "Regression: " + why, next);
  }

  void recheckAfterResolvedAlerts() {
    VerificationResult result = verify();
    if (result != null && result.healthy()) {
      s.mitigationEvidence = "recovery verified after the alerts resolved";
      s.restoredAt = now();
      s.recheckAt = null;
    } else if (ctx.hardened && result == null) {
      s.recheckAt = nextUnverifiedCheck();
    } else {
      s.recheckAt = now().plus(policy.verificationInterval());
    }
  }

  void markMitigated(MarkMitigatedRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.MARK_MITIGATED);
      return;
    }
    if (blank(request.by())) {
      ctx.ignored(IncidentSignals.MARK_MITIGATED, "by");
      return;
    }
    if (s.phase.compareTo(Phase.MONITORING) >= 0) {
      record(request.by(), "Ignored markMitigated: the incident is " + s.phase, "");
      return;
    }
    s.mitigationEvidence = "marked mitigated by " + personName(request.by()) + note(request.note());
    s.restoredAt = now();
    record(request.by(), "Marked mitigated", request.note() == null ? "" : request.note());
  }

  void reopen(ReopenRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.REOPEN);
      return;
    }
    if (blank(request.by())) {
      ctx.ignored(IncidentSignals.REOPEN, "by");
      return;
    }
    if (s.phase != Phase.MONITORING) {
      record(request.by(), "Ignored reopen: the incident is " + s.phase + ", not MONITORING", "");
      return;
    }
    s.regression =
        "reopened by " + request.by() + (blank(request.reason()) ? "" : ": " + request.reason());
  }
}
