package io.incidentresponse.activities;

import io.incidentresponse.workflows.activities.ApprovalRequestMessage;
import io.incidentresponse.workflows.activities.ChatActivities;
import io.incidentresponse.workflows.activities.DiagnosisActivities;
import io.incidentresponse.workflows.activities.DiagnosisRequest;
import io.incidentresponse.workflows.activities.FailureType;
import io.incidentresponse.workflows.activities.IncidentBrief;
import io.incidentresponse.workflows.activities.IncidentUpdate;
import io.incidentresponse.workflows.activities.LeadershipNotice;
import io.incidentresponse.workflows.activities.MitigationActivities;
import io.incidentresponse.workflows.activities.MitigationRequest;
import io.incidentresponse.workflows.activities.MitigationResult;
import io.incidentresponse.workflows.activities.PageRequest;
import io.incidentresponse.workflows.activities.PagingActivities;
import io.incidentresponse.workflows.activities.StatusPageActivities;
import io.incidentresponse.workflows.activities.StatusPageNotice;
import io.incidentresponse.workflows.activities.VerificationRequest;
import io.incidentresponse.workflows.activities.VerificationResult;
import io.incidentresponse.workflows.model.ChannelRef;
import io.incidentresponse.workflows.model.Finding;
import io.incidentresponse.workflows.model.PageRef;
import io.incidentresponse.workflows.model.StatusPageRef;
import io.incidentresponse.workflows.postmortem.PostmortemActivities;
import io.incidentresponse.workflows.postmortem.PostmortemDocument;
import io.incidentresponse.workflows.postmortem.PostmortemInput;
import io.incidentresponse.workflows.postmortem.PostmortemStatus;
import io.temporal.failure.ApplicationFailure;

/**
 * Every integration that has no implementation or no settings yet. Each call fails at once with the
 * non-retryable {@link FailureType#NOT_CONFIGURED} naming the integration, so the incident records
 * "Slack is not configured" on its timeline (a probe becomes an UNAVAILABLE finding) and goes on:
 * never a hang on an activity nobody serves, never a silent success.
 *
 * <p>The worker registers the real implementation of an interface instead of this one once it
 * exists and is configured.
 */
public class NotConfiguredActivities
    implements PagingActivities,
        ChatActivities,
        StatusPageActivities,
        DiagnosisActivities,
        MitigationActivities,
        PostmortemActivities {

  static final String PAGING = "paging (PagerDuty)";
  static final String CHAT = "chat (Slack)";
  static final String STATUS_PAGE = "status page";
  static final String KUBERNETES = "Kubernetes";
  static final String PROMETHEUS = "Prometheus";
  static final String LOGS = "logs (Elasticsearch)";
  static final String CHANGES = "recent changes (ArgoCD/git)";
  static final String DATABASE = "database (PostgreSQL)";
  static final String MITIGATION = "mitigation";
  static final String VERIFICATION = "recovery verification";
  static final String POSTMORTEM = "postmortem publishing";

  private static ApplicationFailure notConfigured(String integration) {
    return ApplicationFailure.newNonRetryableFailure(
        integration + " is not configured", FailureType.NOT_CONFIGURED.type());
  }

  @Override
  public PageRef openPage(PageRequest request) {
    throw notConfigured(PAGING);
  }

  @Override
  public void escalatePage(PageRequest request) {
    throw notConfigured(PAGING);
  }

  @Override
  public void acknowledgePage(PageRequest request) {
    throw notConfigured(PAGING);
  }

  @Override
  public void resolvePage(PageRequest request) {
    throw notConfigured(PAGING);
  }

  @Override
  public ChannelRef openIncidentChannel(IncidentBrief brief) {
    throw notConfigured(CHAT);
  }

  @Override
  public void postInitialStatus(IncidentBrief brief) {
    throw notConfigured(CHAT);
  }

  @Override
  public void notifyLeadership(LeadershipNotice notice) {
    throw notConfigured(CHAT);
  }

  @Override
  public void postUpdate(IncidentUpdate update) {
    throw notConfigured(CHAT);
  }

  @Override
  public void requestApproval(ApprovalRequestMessage request) {
    throw notConfigured(CHAT);
  }

  @Override
  public StatusPageRef openStatusIncident(StatusPageNotice notice) {
    throw notConfigured(STATUS_PAGE);
  }

  @Override
  public void updateStatusIncident(StatusPageNotice notice) {
    throw notConfigured(STATUS_PAGE);
  }

  @Override
  public void resolveStatusIncident(StatusPageNotice notice) {
    throw notConfigured(STATUS_PAGE);
  }

  @Override
  public Finding inspectPods(DiagnosisRequest request) {
    throw notConfigured(KUBERNETES);
  }

  @Override
  public Finding inspectEvents(DiagnosisRequest request) {
    throw notConfigured(KUBERNETES);
  }

  @Override
  public Finding inspectRollouts(DiagnosisRequest request) {
    throw notConfigured(KUBERNETES);
  }

  @Override
  public Finding inspectNodes(DiagnosisRequest request) {
    throw notConfigured(KUBERNETES);
  }

  @Override
  public Finding queryMetrics(DiagnosisRequest request) {
    throw notConfigured(PROMETHEUS);
  }

  @Override
  public Finding searchLogs(DiagnosisRequest request) {
    throw notConfigured(LOGS);
  }

  @Override
  public Finding listRecentChanges(DiagnosisRequest request) {
    throw notConfigured(CHANGES);
  }

  @Override
  public Finding inspectDatabase(DiagnosisRequest request) {
    throw notConfigured(DATABASE);
  }

  @Override
  public MitigationResult runMitigation(MitigationRequest request) {
    throw notConfigured(MITIGATION);
  }

  @Override
  public VerificationResult verifyRecovery(VerificationRequest request) {
    throw notConfigured(VERIFICATION);
  }

  @Override
  public PostmortemDocument draftPostmortem(PostmortemInput input) {
    throw notConfigured(POSTMORTEM);
  }

  @Override
  public void remindOverdueReview(PostmortemStatus status) {
    throw notConfigured(POSTMORTEM);
  }
}
