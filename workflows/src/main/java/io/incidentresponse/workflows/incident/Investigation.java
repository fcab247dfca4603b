package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.diagnosis.DiagnosisActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisReport;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.Hypotheses;
import io.incidentresponse.workflows.diagnosis.Hypothesis;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runbook's investigation: the diagnosis probes in parallel, each with its own timeout (a probe
 * that fails is an UNAVAILABLE finding, never a stall), hypotheses ranked from their facts, and the
 * remedies of the most likely cause proposed first.
 */
final class Investigation extends IncidentStep implements RunbookStep {
  /** {@link Workflow#getVersion} id of the change that ranks hypotheses from the findings. */
  static final String RANKED_HYPOTHESES_CHANGE = "ranked-hypotheses";

  /** {@link Workflow#getVersion} id of the change that never re-proposes a rollback that ran. */
  static final String NO_REPEAT_ROLLBACK_CHANGE = "no-repeat-rollback";

  private static final int MAX_FINDING_LINES = 20;

  private static final int MAX_FINDING_LINE = 300;

  Investigation(IncidentContext ctx) {
    super(ctx);
  }

  /** A diagnosis round is pending: a new incident, or a regression that calls for one. */
  @Override
  public boolean due() {
    return s.diagnosisPending && s.resolveRequest == null;
  }

  /** A diagnosis round when one is pending (and nobody asked to resolve); then mitigating. */
  @Override
  public void act() {
    if (s.resolveRequest != null || !s.diagnosisPending) {
      return;
    }
    diagnose();
    if (s.phase == Phase.INVESTIGATING) {
      setPhase(
          Phase.MITIGATING,
          SYSTEM,
          "Diagnosis complete: " + s.diagnosis.summary(),
          s.pendingApprovals().isEmpty()
              ? "Mitigation started"
              : "Waiting for approval of " + IncidentContext.ids(s.pendingApprovals()));
    }
  }

  void diagnose() {
    s.diagnosisPending = false;
    s.diagnosisRounds++;
    Instant started = now();
    Alert first = s.alerts.values().iterator().next();
    DiagnosisRequest request =
        new DiagnosisRequest(
            s.incidentId,
            s.service,
            s.namespace,
            first.labels(),
            s.detectedAt.minus(Duration.ofHours(1)),
            started);
    List<Promise<Finding>> running = new ArrayList<>();
    for (Map.Entry<DiagnosisProbe, Duration> probe : policy.probes().entrySet()) {
      if (ctx.capabilities.probeMissing(probe.getKey()) != null) {
        // Known without a call, so a round of unserved probes never yields the workflow task.
        running.add(Workflow.newPromise(probe(probe.getKey(), probe.getValue(), request)));
      } else {
        running.add(Async.function(() -> probe(probe.getKey(), probe.getValue(), request)));
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (Promise<Finding> finding : running) {
      findings.add(bounded(finding.get()));
    }
    List<String> proposed = new ArrayList<>();
    List<Hypothesis> hypotheses = List.of();
    if (ctx.follows(RANKED_HYPOTHESES_CHANGE)) {
      hypotheses = Hypotheses.rank(findings, s.service, s.namespace, s.detectedAt);
      // The most likely cause's remedies get the lowest action ids and are asked for first.
      for (Hypothesis hypothesis : hypotheses) {
        for (ActionProposal proposal : hypothesis.proposals()) {
          MitigationAction earlier = rollbackThatRan(proposal);
          if (earlier != null && ctx.follows(NO_REPEAT_ROLLBACK_CHANGE)) {
            // After a rollback the "previous revision" is the bad one again: never propose it.
            record(
                "diagnosis:" + hypothesis.cause(),
                "Not proposing another rollback of " + proposal.target(),
                earlier.id()
                    + " already rolled it back; request a rollback to a named revision if"
                    + " needed");
            continue;
          }
          addProposed(
              proposed, ctx.mitigation.propose(proposal, "diagnosis:" + hypothesis.cause()));
        }
      }
    }
    for (Finding finding : findings) {
      for (ActionProposal proposal : finding.proposals()) {
        addProposed(
            proposed,
            ctx.mitigation.propose(proposal, "diagnosis:" + finding.probe().name().toLowerCase()));
      }
    }
    s.diagnosis =
        new DiagnosisReport(s.diagnosisRounds, started, now(), findings, proposed, hypotheses);
    record(
        SYSTEM,
        "Diagnosis round " + s.diagnosisRounds + ": " + s.diagnosis.summary(),
        (hypotheses.isEmpty() ? "" : "Most likely: " + hypotheses.get(0).describe() + ". ")
            + (proposed.isEmpty()
                ? "No mitigation proposed"
                : "Proposed " + String.join(", ", proposed)));
    ctx.emergencyContacts.shareForDiagnosis();
  }

  /** A finding with its text bounded: probes quote logs and events, which can be long. */
  static Finding bounded(Finding finding) {
    List<String> evidence = new ArrayList<>();
    for (String line : finding.evidence()) {
      if (evidence.size() == MAX_FINDING_LINES) {
        evidence.add("… " + (finding.evidence().size() - MAX_FINDING_LINES) + " more");
        break;
      }
      evidence.add(Texts.truncated(line, MAX_FINDING_LINE));
    }
    return new Finding(
        finding.probe(),
        finding.outcome(),
        Texts.truncated(finding.summary(), IncidentContext.MAX_EVENT),
        evidence,
        finding.proposals(),
        finding.observedAt(),
        finding.facts());
  }

  /** A rollback of the same target that already succeeded in this incident, or null. */
  MitigationAction rollbackThatRan(ActionProposal proposal) {
    if (proposal.type() != ActionType.ROLLBACK) {
      return null;
    }
    for (MitigationAction action : s.actions) {
      if (action.status() == ActionStatus.SUCCEEDED
          && action.proposal().type() == ActionType.ROLLBACK
          && java.util.Objects.equals(action.proposal().namespace(), proposal.namespace())
          && java.util.Objects.equals(action.proposal().target(), proposal.target())) {
        return action;
      }
    }
    return null;
  }

  static void addProposed(List<String> proposed, String id) {
    if (id != null && !proposed.contains(id)) {
      proposed.add(id);
    }
  }

  Finding probe(DiagnosisProbe probe, Duration timeout, DiagnosisRequest request) {
    String notServed = ctx.capabilities.probeMissing(probe);
    if (notServed != null) {
      // Not configured on this worker (said once on the timeline): unavailable, never scheduled.
      // Interned: the same text in every incident a worker serves, kept in each one's state while
      // it is open (12 per incident where only the bench's stub serves the worker).
      return Finding.unavailable(
          probe, (FailureType.NOT_CONFIGURED.type() + ": " + notServed).intern(), now());
    }
    DiagnosisActivities probes =
        Workflow.newActivityStub(
            DiagnosisActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(timeout)
                .setScheduleToCloseTimeout(timeout)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumAttempts(3)
                        .build())
                .build());
    ctx.inFlight++;
    try {
      Finding finding = ctx.released(() -> call(probes, probe, request));
      return finding != null
          ? finding
          : Finding.unavailable(probe, "probe returned nothing", now());
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      return Finding.unavailable(probe, "probe failed: " + Failures.describe(e), now());
    } finally {
      ctx.inFlight--;
    }
  }

  private static Finding call(
      DiagnosisActivities probes, DiagnosisProbe probe, DiagnosisRequest request) {
    return switch (probe) {
      case POD_HEALTH -> probes.inspectPods(request);
      case KUBERNETES_EVENTS -> probes.inspectEvents(request);
      case ROLLOUT_HISTORY -> probes.inspectRollouts(request);
      case NODE_HEALTH -> probes.inspectNodes(request);
      case SERVICE_METRICS -> probes.queryMetrics(request);
      case ERROR_LOGS -> probes.searchLogs(request);
      case RECENT_CHANGES -> probes.listRecentChanges(request);
      case DATABASE_CONNECTIONS -> probes.inspectDatabase(request);
      case GIT_CHANGES -> probes.inspectGitChanges(request);
      case POD_LOGS -> probes.readPodLogs(request);
      case DEPENDENCIES -> probes.analyzeDependencies(request);
      case TRACES -> probes.searchTraces(request);
    };
  }

  /**
   * The last diagnosis round finished less than {@link Monitoring#REDIAGNOSE_AFTER} ago and no
   * action has finished since: probing again would find what it found.
   */
  boolean diagnosisStillFresh() {
    if (s.diagnosis == null
        || !now().isBefore(s.diagnosis.completedAt().plus(Monitoring.REDIAGNOSE_AFTER))) {
      return false;
    }
    for (MitigationAction action : s.actions) {
      if (action.finishedAt() != null && action.finishedAt().isAfter(s.diagnosis.completedAt())) {
        return false;
      }
    }
    return true;
  }
}
