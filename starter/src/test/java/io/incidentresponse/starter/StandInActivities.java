package io.incidentresponse.starter;

import io.incidentresponse.workflows.actionitems.ActionItemFilter;
import io.incidentresponse.workflows.actionitems.ActionItemPage;
import io.incidentresponse.workflows.actionitems.ActionItemRow;
import io.incidentresponse.workflows.capabilities.Capabilities;
import io.incidentresponse.workflows.capabilities.CapabilityActivities;
import io.incidentresponse.workflows.closure.ImpactActivities;
import io.incidentresponse.workflows.closure.ImpactAssessment;
import io.incidentresponse.workflows.closure.ImpactRequest;
import io.incidentresponse.workflows.communication.ApprovalRequestMessage;
import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.ContactsMessage;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.communication.LeadershipNotice;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.communication.StatusPageRef;
import io.incidentresponse.workflows.diagnosis.DiagnosisActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.drill.DrillActivities;
import io.incidentresponse.workflows.drill.DrillInjection;
import io.incidentresponse.workflows.drill.DrillState;
import io.incidentresponse.workflows.drill.DrillTarget;
import io.incidentresponse.workflows.drill.IncidentTimes;
import io.incidentresponse.workflows.drill.StopCheck;
import io.incidentresponse.workflows.drill.StopCheckRequest;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.health.HealthCheckActivities;
import io.incidentresponse.workflows.health.HealthChecks;
import io.incidentresponse.workflows.health.HealthFinding;
import io.incidentresponse.workflows.health.ServiceHealth;
import io.incidentresponse.workflows.health.ServiceHealthRequest;
import io.incidentresponse.workflows.maintenance.MaintenanceActivities;
import io.incidentresponse.workflows.maintenance.MaintenanceNotice;
import io.incidentresponse.workflows.maintenance.MaintenanceNoticeActivities;
import io.incidentresponse.workflows.maintenance.SilenceRequest;
import io.incidentresponse.workflows.metrics.ActionItemsUpdate;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.incidentresponse.workflows.oncall.ContactsRequest;
import io.incidentresponse.workflows.oncall.EmergencyContact;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.incidentresponse.workflows.oncall.Handoff;
import io.incidentresponse.workflows.oncall.HandoffQuery;
import io.incidentresponse.workflows.oncall.OnCallActivities;
import io.incidentresponse.workflows.oncall.OnCallAnswer;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.incidentresponse.workflows.oncall.OnCallQuery;
import io.incidentresponse.workflows.oncall.OnCallShift;
import io.incidentresponse.workflows.postmortem.ActionItem;
import io.incidentresponse.workflows.postmortem.PostmortemActivities;
import io.incidentresponse.workflows.postmortem.PostmortemDocument;
import io.incidentresponse.workflows.postmortem.PostmortemInput;
import io.incidentresponse.workflows.postmortem.PostmortemStatus;
import io.incidentresponse.workflows.tracker.TicketRequest;
import io.incidentresponse.workflows.tracker.TicketState;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.incidentresponse.workflows.tracker.TrackerSetup;
import io.incidentresponse.workflows.tracker.TrackerTicket;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the outside systems (Slack, PagerDuty, Kubernetes...) so the starter's tests can
 * run real incident workflows: these tests are about ingestion and the API, not the integrations.
 */
public class StandInActivities
    implements DrillActivities,
        PagingActivities,
        ChatActivities,
        StatusPageActivities,
        DiagnosisActivities,
        MitigationActivities,
        StakeholderActivities,
        PostmortemActivities,
        ImpactActivities,
        IncidentHistoryActivities,
        MaintenanceActivities,
        MaintenanceNoticeActivities,
        HealthCheckActivities,
        OnCallActivities,
        CapabilityActivities,
        TrackerActivities {

  /** Everything answers here: incidents call every stand-in. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.ALL;
  }

  /** No issue tracker: postmortems follow their items without one and call nothing below. */
  @Override
  public TrackerSetup setup() {
    return TrackerSetup.NONE;
  }

  @Override
  public TrackerTicket openTicket(TicketRequest request) {
    throw ExpectedFailures.notConfigured("issue tracker is not configured");
  }

  @Override
  public TicketState readTicket(TrackerTicket ticket) {
    throw ExpectedFailures.notConfigured("issue tracker is not configured");
  }

  /**
   * A service's health by its name: {@code down-*} has no ready replica and {@code up} 0, {@code
   * unknown-*} could not be looked at, any other is healthy.
   */
  @Override
  public ServiceHealth checkService(ServiceHealthRequest request) {
    String service = request.service();
    if (service.startsWith("down-")) {
      return ServiceHealth.of(
          service,
          request.namespace(),
          List.of(
              HealthFinding.down(HealthChecks.READY_REPLICAS, "0 ready < 3 wanted"),
              HealthFinding.down(HealthChecks.UP, "0 < 1")));
    }
    if (service.startsWith("unknown-")) {
      return ServiceHealth.unknown(service, request.namespace(), "could not look: stand-in");
    }
    return ServiceHealth.of(
        service, request.namespace(), List.of(HealthFinding.healthy(HealthChecks.UP, "1 = 1")));
  }

  /** Silences the maintenance stand-in made and expired, in order. */
  /** The drilled service. */
  public final StandInDrills drills = new StandInDrills();

  @Override
  public DrillInjection capture(DrillTarget target) {
    return drills.capture(target);
  }

  @Override
  public void inject(DrillInjection injection) {
    drills.inject(injection);
  }

  @Override
  public String revert(DrillInjection injection) {
    return drills.revert(injection);
  }

  @Override
  public StopCheck checkStopConditions(StopCheckRequest request) {
    return drills.checkStopConditions(request);
  }

  @Override
  public IncidentTimes incidentTimes(String incidentId) {
    return drills.incidentTimes(incidentId);
  }

  @Override
  public String writeReport(DrillState state) {
    return drills.writeReport(state);
  }

  public final List<String> silenceLog = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public String silence(SilenceRequest request) {
    silenceLog.add("silence " + request.service() + " until " + request.endsAt());
    return "silence-" + request.service();
  }

  @Override
  public String extendSilence(String silenceId, SilenceRequest request) {
    silenceLog.add("extend " + silenceId + " until " + request.endsAt());
    return silenceId;
  }

  @Override
  public void expireSilence(String silenceId) {
    silenceLog.add("expire " + silenceId);
  }

  @Override
  public StatusPageRef announceMaintenance(MaintenanceNotice notice) {
    silenceLog.add("announce " + notice.service() + " " + notice.components());
    return new StatusPageRef("sp-" + notice.service(), null);
  }

  @Override
  public void rescheduleMaintenance(MaintenanceNotice notice) {
    silenceLog.add("reschedule " + notice.existing().id() + " until " + notice.endsAt());
  }

  @Override
  public void completeMaintenance(MaintenanceNotice notice) {
    silenceLog.add("complete " + notice.existing().id());
  }

  @Override
  public PageRef openPage(PageRequest request) {
    return new PageRef("PD-" + request.brief().incidentId(), null);
  }

  @Override
  public PageRef escalatePage(PageRequest request) {
    return request.page();
  }

  @Override
  public void acknowledgePage(PageRequest request) {}

  @Override
  public void resolvePage(PageRequest request) {}

  @Override
  public ChannelRef openIncidentChannel(IncidentBrief brief) {
    return new ChannelRef("C-" + brief.incidentId(), brief.channelName(), null);
  }

  @Override
  public void postInitialStatus(IncidentBrief brief) {}

  @Override
  public void notifyLeadership(LeadershipNotice notice) {}

  @Override
  public void postContacts(ContactsMessage message) {}

  @Override
  public void postUpdate(IncidentUpdate update) {}

  @Override
  public void requestApproval(ApprovalRequestMessage request) {}

  @Override
  public void emailStakeholders(LeadershipNotice notice) {}

  @Override
  public boolean archiveIncidentChannel(IncidentBrief brief) {
    return false;
  }

  @Override
  public StatusPageRef openStatusIncident(StatusPageNotice notice) {
    return new StatusPageRef("sp-" + notice.brief().incidentId(), null);
  }

  @Override
  public void updateStatusIncident(StatusPageNotice notice) {}

  @Override
  public void resolveStatusIncident(StatusPageNotice notice) {}

  private static Finding healthy(DiagnosisProbe probe) {
    return new Finding(probe, FindingOutcome.HEALTHY, "fine", List.of(), List.of(), Instant.now());
  }

  @Override
  public Finding inspectPods(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.POD_HEALTH);
  }

  @Override
  public Finding inspectEvents(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.KUBERNETES_EVENTS);
  }

  @Override
  public Finding inspectRollouts(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.ROLLOUT_HISTORY);
  }

  @Override
  public Finding inspectNodes(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.NODE_HEALTH);
  }

  @Override
  public Finding queryMetrics(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.SERVICE_METRICS);
  }

  @Override
  public Finding searchLogs(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.ERROR_LOGS);
  }

  @Override
  public Finding listRecentChanges(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.RECENT_CHANGES);
  }

  @Override
  public Finding inspectDatabase(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.DATABASE_CONNECTIONS);
  }

  @Override
  public Finding inspectGitChanges(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.GIT_CHANGES);
  }

  @Override
  public Finding readPodLogs(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.POD_LOGS);
  }

  @Override
  public Finding analyzeDependencies(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.DEPENDENCIES);
  }

  @Override
  public Finding searchTraces(DiagnosisRequest request) {
    return healthy(DiagnosisProbe.TRACES);
  }

  @Override
  public MitigationResult runMitigation(MitigationRequest request) {
    if (request.action().type() == ActionType.REDIRECT_TRAFFIC) {
      // as Kubernetes answers: the Service's selector before and after
      String to = request.action().parameters().get(ActionParameters.SELECTOR);
      silenceLog.add("redirect " + request.action().target() + " to " + to);
      return new MitigationResult(
          "redirected",
          Map.of(ActionParameters.SELECTOR, "app=" + request.action().target()),
          Map.of(ActionParameters.SELECTOR, to));
    }
    return new MitigationResult("done", Map.of(), Map.of());
  }

  @Override
  public VerificationResult verifyRecovery(VerificationRequest request) {
    return new VerificationResult(true, "healthy", List.of());
  }

  @Override
  public PostmortemDocument draftPostmortem(PostmortemInput input) {
    return new PostmortemDocument("postmortems/" + input.incident().incidentId + ".md");
  }

  @Override
  public void remindOverdueReview(PostmortemStatus status) {}

  @Override
  public void scheduleReview(
      io.incidentresponse.workflows.postmortem.ReviewInvitation invitation) {}

  @Override
  public void remindReview(io.incidentresponse.workflows.postmortem.ReviewReminder reminder) {}

  @Override
  public ImpactAssessment assessImpact(ImpactRequest request) {
    return new ImpactAssessment(100L, "stand-in");
  }

  /** Incident summaries as written, newest last (the history store's input). */
  public final List<IncidentSummary> summaries = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public void recordIncident(IncidentSummary summary) {
    summaries.add(summary);
  }

  /** Action item lists as the postmortems wrote them, newest last. */
  public final List<ActionItemsUpdate> actionItemUpdates =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The filters listings asked for, in order. */
  public final List<ActionItemFilter> listings = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The owner whose listing finds the store down. */
  public static final String STORE_DOWN = "store-down";

  @Override
  public void recordActionItems(ActionItemsUpdate update) {
    actionItemUpdates.add(update);
  }

  /**
   * Every item of the latest list each postmortem wrote, unfiltered (the store's filtering is
   * tested on real databases in the activities module; here the filter asked is kept in {@link
   * #listings}); the incident's service and title from its latest summary. The owner {@value
   * #STORE_DOWN} finds the store down.
   */
  @Override
  public ActionItemPage listActionItems(ActionItemFilter filter) {
    listings.add(filter);
    if (STORE_DOWN.equals(filter.owner())) {
      throw ApplicationFailure.newFailure(
          "incident history at jdbc:h2:file:./data/history: connection refused",
          FailureType.UNAVAILABLE.type());
    }
    Map<String, ActionItemsUpdate> latest = new java.util.LinkedHashMap<>();
    actionItemUpdates.forEach(u -> latest.put(u.incidentId() + "@" + u.detectedAt(), u));
    List<ActionItemRow> rows = new java.util.ArrayList<>();
    for (ActionItemsUpdate update : latest.values()) {
      IncidentSummary incident =
          summaries.stream()
              .filter(s -> s.incidentId().equals(update.incidentId()))
              .reduce((first, second) -> second)
              .orElse(null);
      for (ActionItem item : update.items()) {
        rows.add(
            new ActionItemRow(
                update.incidentId(),
                update.detectedAt(),
                incident == null ? null : incident.service(),
                incident == null ? null : incident.title(),
                item.id(),
                item.action(),
                item.kind(),
                item.owner(),
                item.dueDate(),
                item.status(),
                false,
                item.link(),
                item.runbookSection(),
                item.reason(),
                item.updatedBy(),
                item.updatedAt()));
      }
    }
    return new ActionItemPage(rows, java.time.LocalDate.now(java.time.ZoneOffset.UTC), null);
  }

  @Override
  public MonthlyMetrics computeMonthlyMetrics(YearMonth month) {
    throw ApplicationFailure.newNonRetryableFailure(
        "no history store in the stand-in", FailureType.NOT_CONFIGURED.type());
  }

  /**
   * The roster: team {@code payments} with one rotation, {@code payments-primary}, alice on call
   * from the day's midnight UTC to the next, bob next; every other team is unknown.
   */
  @Override
  public OnCallAnswer whoIsOnCall(OnCallQuery query) {
    Instant at = query.at() == null ? Instant.now() : query.at();
    if (query.team() != null && !query.team().equals("payments")) {
      return new OnCallAnswer(at, List.of(), List.of("no team " + query.team() + " in the roster"));
    }
    Instant midnight = at.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    return new OnCallAnswer(
        at,
        List.of(
            new OnCallShift(
                "payments",
                "payments-primary",
                ONCALL_ALICE,
                midnight,
                midnight.plus(java.time.Duration.ofDays(1)),
                "rotation",
                ONCALL_BOB)),
        List.of());
  }

  private static final OnCallPerson ONCALL_ALICE =
      new OnCallPerson("alice", "Alice Example", "U0ALICE", "alice@example.com", null, null);
  private static final OnCallPerson ONCALL_BOB =
      new OnCallPerson("bob", "Bob Example", "U0BOB", "bob@example.com", null, null);

  /** Nobody: the page goes to the level as before. */
  @Override
  public EscalationTarget resolveTarget(EscalationTargetRequest request) {
    return new EscalationTarget(
        request.level(), null, null, null, "the stand-in roster pages nobody by name");
  }

  @Override
  public List<Handoff> handoffs(HandoffQuery query) {
    return List.of();
  }

  @Override
  public List<EmergencyContact> emergencyContacts(ContactsRequest request) {
    return List.of(
        new EmergencyContact(
            "aws-support",
            "AWS Support",
            "external",
            null,
            List.of("https://console.aws.amazon.com/support"),
            List.of("aws", "cloud")));
  }
}
