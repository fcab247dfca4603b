package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.StatusPageRef;
import io.incidentresponse.workflows.diagnosis.DiagnosisReport;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything an incident workflow knows: what the {@code state} query returns and what
 * continue-as-new carries to the next run. Plain public fields so the JSON is exactly this list;
 * only ordered collections, so workflow code that walks them stays deterministic.
 */
public final class IncidentState {
  public String incidentId;
  public String title;
  public String service;
  public String namespace;
  public Severity severity;
  public Impact impact;
  public String classificationReason;

  /**
   * A security incident (an alert labelled {@code category}/{@code type} {@code security} or {@code
   * breach}, or {@code security=true}; a declaration that says so): private channel, the security
   * lead paged at once, the status page silent unless the policy allows a generic text, leadership
   * told privately. Set when the incident opens.
   */
  public boolean security;

  /**
   * The drill ({@code drill-<service>} workflow id) whose incident this is; null for a real one.
   * Set at opening and carried across continue-as-new with the rest of the state.
   */
  public String drillId;

  /** With {@link #drillId}: the drill wants leadership told as in a real incident. */
  public boolean drillNotifiesLeadership;

  public Phase phase = Phase.TRIGGERED;

  /** When the first alert's condition began (start of MTTD). */
  public Instant firstAlertAt;

  /** When this system opened the incident. */
  public Instant detectedAt;

  public Instant acknowledgedAt;
  public String acknowledgedBy;

  /** Escalation level currently paged; 0 is the first responder. */
  public int escalationLevel;

  /** When the current level was paged. */
  public Instant escalationArmedAt;

  /** When an acknowledgement is due before the next escalation; null once acknowledged. */
  public Instant acknowledgementDueAt;

  /** Every level was paged and nobody answered; leadership has been told. */
  public boolean escalationExhausted;

  public Map<Role, String> roles = new TreeMap<>();

  /** Alerts by their key (fingerprint); repeated deliveries update the entry. */
  public Map<String, Alert> alerts = new LinkedHashMap<>();

  /** New alerts past the storage cap: counted, not stored. */
  public long alertsNotKept;

  /** Approximate bytes the stored alerts take; past a budget new alerts are counted, not stored. */
  public long alertBytes;

  /** Alert deliveries received, repeats included. */
  public long alertDeliveries;

  /** Ids of the latest webhook deliveries, oldest first, to drop redeliveries. */
  public List<String> recentDeliveries = new ArrayList<>();

  public PageRef page;

  /**
   * Every page sent, in order: who the roster resolved each level to, how, and how the page reached
   * them. Empty for incidents opened before pages went to people.
   */
  public List<PageSent> pages = new ArrayList<>();

  /**
   * The people the pages reached (at most {@value IncidentStep#MAX_PAGED_PEOPLE}, each once,
   * without phone numbers): acknowledging and resolving the page tells each of them, so a Slack DM
   * with an Acknowledge button does not stay open after someone else acknowledged.
   */
  public List<OnCallPerson> pagedPeople = new ArrayList<>();

  /** A security incident's security lead was asked for (see {@link #security}). */
  public boolean securityLeadRequested;

  /** Emergency-contact topics shared so far (by the diagnosis, a security incident or a person). */
  public List<String> contactTopicsShared = new ArrayList<>();

  /** Every posting of emergency contacts in the incident channel, in order. */
  public List<ContactsShared> contactsShared = new ArrayList<>();

  /** The initial response (page, channel, alerts-channel post) has been started. */
  public boolean initialResponseStarted;

  /** A page was asked for (when the incident opened, or at its response time for P3). */
  public boolean pageRequested;

  /** Why the latest paging call failed (e.g. not configured), or null when it succeeded. */
  public String pagingProblem;

  public ChannelRef channel;

  /** The incident channel was asked for; {@link #channel} or {@link #channelProblem} follows. */
  public boolean channelRequested;

  /** Why the incident channel could not be opened, or null. */
  public String channelProblem;

  /**
   * What the worker said it has no settings for when this run started (integrations and probes this
   * incident does not call), or null when everything is configured or the run predates it.
   */
  public String notConfigured;

  public boolean initialStatusRequested;
  public StatusPageRef statusPage;
  public boolean pageAcknowledged;
  public boolean leadershipNotified;
  public boolean statusPageRequested;
  public Instant nextUpdateAt;
  public int updatesPosted;

  public DiagnosisReport diagnosis;
  public int diagnosisRounds;
  public boolean diagnosisPending;

  public List<MitigationAction> actions = new ArrayList<>();

  /** Actions whose approval request has not been posted yet. */
  public List<String> approvalNoticesDue = new ArrayList<>();

  public int actionsRun;

  /** When monitoring of the latest mitigation began. */
  public Instant mitigatedAt;

  /**
   * When service was restored (recovery verified, the alerts resolved at their source, or marked
   * mitigated by a person); cleared by a regression. Downtime and time to recover end here, not at
   * {@link #resolvedAt}, which comes after the clean monitoring window.
   */
  public Instant restoredAt;

  public Instant monitoringEndsAt;
  public Instant nextVerificationAt;

  /**
   * The latest verification's outcome (healthy, unhealthy, unavailable), to record changes only.
   */
  public String lastVerification;

  /** Consecutive verifications that could not look (not configured, unreachable): backs off. */
  public int unverifiedChecks;

  /** Why recovery could not be verified, while it cannot. */
  public String verificationProblem;

  /** Responders were told once that recovery cannot be verified and what to send. */
  public boolean unverifiedNoticeSent;

  public int reopenCount;

  /** Set by a signal, consumed by the lifecycle loop. */
  public String mitigationEvidence;

  public String regression;
  public ResolveRequest resolveRequest;

  public Instant resolvedAt;
  public Instant closeDueAt;
  public Instant closedAt;
  public boolean falsePositive;
  public Duration downtime;

  /** Users affected, when a query or the alerts told; null when unknown. */
  public Long usersAffected;

  /** Where {@link #usersAffected} came from, e.g. a Prometheus query or an alert label. */
  public String usersAffectedSource;

  /** Share of the month's error budget the downtime burned (0..1), when an SLO is configured. */
  public Double errorBudgetBurned;

  /** The closure's impact measurement ran (alerts, then the impact query). */
  public boolean impactMeasured;

  /** Who recorded the users affected by hand, and how they estimated it. */
  public String impactRecordedBy;

  public String impactNote;

  /** The closure waits for a person: reminded at half the close deadline, escalated at it. */
  public boolean closureWaitRecorded;

  public boolean closureReminderSent;

  public boolean closureEscalated;

  /**
   * Every alert resolved but verification failed: the alerts' recovery no longer counts as
   * mitigation; the workflow re-checks at {@link #recheckAt} until verification passes.
   */
  public boolean alertsResolvedEvidenceSpent;

  public Instant recheckAt;

  /** What the history store was last sent (phase, severity, acknowledgement...). */
  public String historyKey;

  public String postmortemWorkflowId;

  public List<TimelineEntry> timeline = new ArrayList<>();

  /** Timeline entries left out to keep the state bounded (the first ones and the latest stay). */
  public long timelineOmitted;

  /** The latest signal from a person that was not understood, and why; null if none. */
  public String lastSignalNotUnderstood;

  /** Runs before this one (continue-as-new count). */
  public int generation;

  public List<MitigationAction> pendingApprovals() {
    return actions.stream().filter(a -> a.status() == ActionStatus.AWAITING_APPROVAL).toList();
  }

  public String commander() {
    return roles.get(Role.INCIDENT_COMMANDER);
  }

  /** A drill's incident: DRILL in every message, no status page, out of the real metrics. */
  public boolean drill() {
    return drillId != null;
  }

  /** Leadership and stakeholders hear of it: always for a real incident, for a drill if asked. */
  public boolean tellsLeadership() {
    return drillId == null || drillNotifiesLeadership;
  }

  public boolean acknowledged() {
    return acknowledgedAt != null;
  }
}
