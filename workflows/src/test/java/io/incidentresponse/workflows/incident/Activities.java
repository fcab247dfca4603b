package io.incidentresponse.workflows.incident;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.capabilities.Capabilities;
import io.incidentresponse.workflows.capabilities.CapabilityActivities;
import io.incidentresponse.workflows.closure.ImpactActivities;
import io.incidentresponse.workflows.closure.ImpactAssessment;
import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.communication.StatusPageRef;
import io.incidentresponse.workflows.diagnosis.DiagnosisActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.identity.IdentityActivities;
import io.incidentresponse.workflows.identity.ProofChecker;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.incidentresponse.workflows.oncall.OnCallActivities;
import io.incidentresponse.workflows.postmortem.PostmortemActivities;
import io.incidentresponse.workflows.postmortem.PostmortemDocument;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Every activity interface mocked with answers that let an incident run end to end: probes find
 * nothing, mitigations succeed, verification is healthy. Tests override what their case needs.
 */
final class Activities {
  final PagingActivities paging = mock(PagingActivities.class, withSettings().withoutAnnotations());
  final ChatActivities chat = mock(ChatActivities.class, withSettings().withoutAnnotations());
  final StatusPageActivities statusPage =
      mock(StatusPageActivities.class, withSettings().withoutAnnotations());
  final DiagnosisActivities diagnosis =
      mock(DiagnosisActivities.class, withSettings().withoutAnnotations());
  final MitigationActivities mitigation =
      mock(MitigationActivities.class, withSettings().withoutAnnotations());
  final StakeholderActivities stakeholders =
      mock(StakeholderActivities.class, withSettings().withoutAnnotations());
  final PostmortemActivities postmortem =
      mock(PostmortemActivities.class, withSettings().withoutAnnotations());
  final ImpactActivities impact = mock(ImpactActivities.class, withSettings().withoutAnnotations());
  final IncidentHistoryActivities history =
      mock(IncidentHistoryActivities.class, withSettings().withoutAnnotations());
  final OnCallActivities oncall = mock(OnCallActivities.class, withSettings().withoutAnnotations());

  Activities() {
    // as a roster nobody configured: every level resolves to nobody, no contacts
    when(oncall.resolveTarget(any()))
        .thenAnswer(
            call ->
                new EscalationTarget(
                    call.<EscalationTargetRequest>getArgument(0).level(),
                    null,
                    null,
                    null,
                    "no roster configured"));
    when(paging.openPage(any())).thenReturn(new PageRef("PD-1", "https://pd.example/PD-1"));
    when(chat.openIncidentChannel(any()))
        .thenAnswer(
            call -> {
              IncidentBrief brief = call.getArgument(0);
              return new ChannelRef("C01", brief.channelName(), "https://slack.example/C01");
            });
    when(statusPage.openStatusIncident(any()))
        .thenReturn(new StatusPageRef("sp-1", "https://status.example/sp-1"));
    when(diagnosis.inspectPods(any())).thenReturn(healthy(DiagnosisProbe.POD_HEALTH));
    when(diagnosis.inspectEvents(any())).thenReturn(healthy(DiagnosisProbe.KUBERNETES_EVENTS));
    when(diagnosis.inspectRollouts(any())).thenReturn(healthy(DiagnosisProbe.ROLLOUT_HISTORY));
    when(diagnosis.inspectNodes(any())).thenReturn(healthy(DiagnosisProbe.NODE_HEALTH));
    when(diagnosis.queryMetrics(any())).thenReturn(healthy(DiagnosisProbe.SERVICE_METRICS));
    when(diagnosis.searchLogs(any())).thenReturn(healthy(DiagnosisProbe.ERROR_LOGS));
    when(diagnosis.listRecentChanges(any())).thenReturn(healthy(DiagnosisProbe.RECENT_CHANGES));
    when(diagnosis.inspectDatabase(any())).thenReturn(healthy(DiagnosisProbe.DATABASE_CONNECTIONS));
    when(diagnosis.inspectGitChanges(any())).thenReturn(healthy(DiagnosisProbe.GIT_CHANGES));
    when(diagnosis.readPodLogs(any())).thenReturn(healthy(DiagnosisProbe.POD_LOGS));
    when(diagnosis.analyzeDependencies(any())).thenReturn(healthy(DiagnosisProbe.DEPENDENCIES));
    when(diagnosis.searchTraces(any())).thenReturn(healthy(DiagnosisProbe.TRACES));
    when(mitigation.runMitigation(any()))
        .thenReturn(
            new MitigationResult("done", Map.of("revision", "42"), Map.of("revision", "41")));
    when(mitigation.verifyRecovery(any()))
        .thenReturn(new VerificationResult(true, "all checks passed", List.of("up == 1: ok")));
    when(impact.assessImpact(any()))
        .thenReturn(new ImpactAssessment(1200L, "sum(checkout_failed_users)"));
    when(postmortem.draftPostmortem(any()))
        .thenAnswer(
            call ->
                new PostmortemDocument(
                    "postmortems/"
                        + call.<io.incidentresponse.workflows.postmortem.PostmortemInput>
                                getArgument(0)
                            .incident()
                            .incidentId
                        + ".md"));
  }

  /**
   * The rollout probe finds revision 42 rolled out just before the errors and proposes rolling
   * {@code shop/checkout} back to revision 41 (HIGH risk: it waits for an approver).
   */
  void proposeRollback() {
    when(diagnosis.inspectRollouts(any()))
        .thenReturn(
            new Finding(
                DiagnosisProbe.ROLLOUT_HISTORY,
                FindingOutcome.ANOMALY,
                "revision 42 rolled out 10 minutes before the error ratio rose",
                List.of("revision 42 image checkout:1.8.0", "revision 41 image checkout:1.7.3"),
                List.of(
                    new ActionProposal(
                        ActionType.ROLLBACK,
                        "shop",
                        "checkout",
                        Map.of("revision", "41"),
                        null,
                        "deploy right before the errors")),
                Instant.EPOCH));
  }

  /** The key the tests' proofs are signed with, as the starter would. */
  static final String PROOF_KEY = "test-proof-key-0123456789abcdef0123456789";

  /** The real proof checker, with the tests' key. */
  final IdentityActivities identity = new ProofChecker(PROOF_KEY, Clock.systemUTC());

  /** What the worker says it has no settings for: nothing, unless a test says otherwise. */
  Capabilities capabilities = Capabilities.ALL;

  void registerOn(Worker worker) {
    worker.registerActivitiesImplementations(
        (CapabilityActivities) () -> capabilities,
        paging,
        chat,
        statusPage,
        diagnosis,
        mitigation,
        stakeholders,
        postmortem,
        impact,
        history,
        oncall,
        identity,
        // No issue tracker: postmortems follow their items without one.
        mock(TrackerActivities.class, withSettings().withoutAnnotations()));
  }

  static Finding healthy(DiagnosisProbe probe) {
    return new Finding(
        probe, FindingOutcome.HEALTHY, probe + " looks fine", List.of(), List.of(), Instant.EPOCH);
  }
}
