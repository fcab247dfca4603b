package io.incidentresponse.workflows.policy;

import io.incidentresponse.workflows.SharedValues;
import io.incidentresponse.workflows.communication.PageUrgency;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.identity.IdentityProofs;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.postmortem.PostmortemSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How this organisation responds to incidents. Built by the starter from configuration and passed
 * in the workflow input: the workflow never reads configuration itself. Every field may be left
 * null (or out of the JSON) to take the runbook's default.
 *
 * @param responseTimes time to acknowledge per severity; a severity not in the map (P3 by default)
 *     is due at the start of the next business day
 * @param calendar working days and zone for "next business day"; also the zone of channel names
 * @param escalationLevels who is paged, in order; level 0 is paged when the incident opens, each
 *     missed response time moves one level up, past the last one leadership is told
 * @param updateCadence interval of internal updates per severity; none for a missing severity
 * @param services service name to its tier and status-page settings
 * @param defaultService profile of services not in {@code services}
 * @param statusPageMinImpact smallest impact that goes on the public status page (user-facing
 *     services only)
 * @param autoRunUpTo per severity, the highest risk class that runs without approval; a missing
 *     severity means every action waits for an approver
 * @param approvers per risk class, the people who may approve or reject such an action
 * @param probes the diagnosis probes to run, each with its own timeout
 * @param minimumMonitoringWindow the monitoring window is twice the incident duration, never less
 *     than this
 * @param verificationInterval how often recovery is verified while monitoring
 * @param maxActionsPerIncident mitigations run at most this many times per incident (default
 *     {@value #DEFAULT_MAX_ACTIONS_PER_INCIDENT}); the next approved one is withdrawn with a
 *     timeline line. The worker's guardrail ({@code incident.mitigation.max-actions-per-incident})
 *     is a backstop above it by default
 * @param dryRun mitigation activities report what they would do and change nothing
 * @param postmortemReviewWithin the postmortem review is due this long after resolution
 * @param closeWithin the incident must be closed this long after resolution
 * @param defaultNamespace namespace when the alerts name none
 * @param continueAsNewAfterEvents history length at which the workflow continues as new
 * @param maxAlertsPerIncident distinct alerts stored per incident (default 2,000); later new ones
 *     are counted, not stored, so the state query stays small and continue-as-new stays far below
 *     Temporal's 2 MB payload limit (about 250 bytes an alert past the first 200; the workflow also
 *     stops storing new alerts past about 500 KB of them, whatever their size)
 * @param postmortem how the postmortem review is scheduled and chased (reminders, escalation)
 * @param impactAssessmentBy severities whose closure waits for a person to record the users
 *     affected when neither the alerts nor the impact query told (default P0 and P1); the wait ends
 *     at {@code closeWithin} after resolution, when the incident closes anyway and leadership is
 *     told the assessment is missing
 * @param pagingUrgency per severity, how urgently the first responder is paged when the incident
 *     opens (default P0/P1 HIGH, P2 LOW); a severity not in the map (P3 by default) is not paged
 *     when it opens: its responders hear of it in the alerts channel, and it is paged at low
 *     urgency only when its response time (the next business day) passes unacknowledged
 * @param actionRisk the risk class of each action type; a type not in the map keeps its default
 *     (rollback, traffic redirect, query termination, read replica, node drain and node replacement
 *     HIGH, restart and circuit breaker MEDIUM, scaling LOW). A request may ask for a higher risk,
 *     never a lower one
 * @param approvalsRequired per risk class, how many different approvers an action needs (default
 *     one; at most five); the requester of an action never counts
 * @param verifiedIdentityFor risk classes whose approvals need an identity the REST API or Slack
 *     verified; by default none, so a name typed into the Temporal UI's signal is enough and the
 *     namespace's own access control is the boundary
 * @param securityStatusPageText what the public status page says about a security incident: null or
 *     blank (the default) keeps the status page silent; otherwise exactly this text, never the
 *     incident's title or details, on the service's component when it is user-facing
 */
public record ResponsePolicy(
    Map<Severity, Duration> responseTimes,
    BusinessCalendar calendar,
    List<String> escalationLevels,
    Map<Severity, Duration> updateCadence,
    Map<String, ServiceProfile> services,
    ServiceProfile defaultService,
    Impact statusPageMinImpact,
    Map<Severity, RiskClass> autoRunUpTo,
    Map<RiskClass, List<String>> approvers,
    Map<DiagnosisProbe, Duration> probes,
    Duration minimumMonitoringWindow,
    Duration verificationInterval,
    Integer maxActionsPerIncident,
    Boolean dryRun,
    Duration postmortemReviewWithin,
    Duration closeWithin,
    String defaultNamespace,
    Integer continueAsNewAfterEvents,
    Integer maxAlertsPerIncident,
    PostmortemSettings postmortem,
    List<Severity> impactAssessmentBy,
    Map<Severity, PageUrgency> pagingUrgency,
    Map<ActionType, RiskClass> actionRisk,
    Map<RiskClass, Integer> approvalsRequired,
    List<RiskClass> verifiedIdentityFor,
    String securityStatusPageText) {

  /**
   * The runbook's escalation chain: primary on call, secondary on call, the team lead, the
   * engineering manager, the CTO. The roster resolves each label to a person when it is paged.
   */
  public static final List<String> DEFAULT_ESCALATION_LEVELS =
      List.of("primary-oncall", "secondary-oncall", "team-lead", "engineering-manager", "cto");

  /** The most approvers a policy may ask for one action. */
  public static final int MAX_APPROVALS_REQUIRED = 5;

  /** Below the worker guardrail's default, so this is the limit an incident meets first. */
  public static final int DEFAULT_MAX_ACTIONS_PER_INCIDENT = 5;

  public ResponsePolicy {
    responseTimes = orDefault(responseTimes, defaultResponseTimes());
    calendar = calendar == null ? BusinessCalendar.utc() : calendar;
    escalationLevels =
        escalationLevels == null || escalationLevels.isEmpty()
            ? DEFAULT_ESCALATION_LEVELS
            : List.copyOf(escalationLevels);
    updateCadence = orDefault(updateCadence, defaultUpdateCadence());
    services =
        Collections.unmodifiableMap(services == null ? Map.of() : new LinkedHashMap<>(services));
    defaultService = defaultService == null ? ServiceProfile.standard() : defaultService;
    statusPageMinImpact = statusPageMinImpact == null ? Impact.MEDIUM : statusPageMinImpact;
    autoRunUpTo = orDefault(autoRunUpTo, defaultAutoRun());
    approvers =
        Collections.unmodifiableMap(approvers == null ? Map.of() : new LinkedHashMap<>(approvers));
    probes = orDefault(probes, defaultProbes());
    minimumMonitoringWindow =
        minimumMonitoringWindow == null ? Duration.ofMinutes(10) : minimumMonitoringWindow;
    verificationInterval =
        verificationInterval == null ? Duration.ofMinutes(5) : verificationInterval;
    maxActionsPerIncident =
        maxActionsPerIncident == null ? DEFAULT_MAX_ACTIONS_PER_INCIDENT : maxActionsPerIncident;
    dryRun = dryRun != null && dryRun;
    postmortemReviewWithin =
        postmortemReviewWithin == null ? Duration.ofDays(7) : postmortemReviewWithin;
    closeWithin = closeWithin == null ? Duration.ofHours(24) : closeWithin;
    postmortem = postmortem == null ? PostmortemSettings.defaults() : postmortem;
    impactAssessmentBy =
        impactAssessmentBy == null
            ? List.of(Severity.P0, Severity.P1)
            : List.copyOf(impactAssessmentBy);
    pagingUrgency = orDefault(pagingUrgency, defaultPagingUrgency());
    Map<ActionType, RiskClass> risks = defaultActionRisk();
    if (actionRisk != null) {
      actionRisk.forEach(
          (type, risk) -> {
            if (type != null && risk != null) {
              risks.put(type, risk);
            }
          });
    }
    actionRisk = Collections.unmodifiableMap(risks);
    approvalsRequired =
        Collections.unmodifiableMap(
            approvalsRequired == null ? Map.of() : new LinkedHashMap<>(approvalsRequired));
    approvalsRequired.forEach(
        (risk, count) -> {
          if (count == null || count < 1 || count > MAX_APPROVALS_REQUIRED) {
            throw new IllegalArgumentException(
                "approvalsRequired."
                    + risk
                    + " must be between 1 and "
                    + MAX_APPROVALS_REQUIRED
                    + ", was "
                    + count);
          }
        });
    verifiedIdentityFor =
        verifiedIdentityFor == null ? List.of() : List.copyOf(verifiedIdentityFor);
    defaultNamespace =
        defaultNamespace == null || defaultNamespace.isBlank() ? "default" : defaultNamespace;
    continueAsNewAfterEvents = continueAsNewAfterEvents == null ? 5_000 : continueAsNewAfterEvents;
    maxAlertsPerIncident = maxAlertsPerIncident == null ? 2_000 : maxAlertsPerIncident;
    if (verificationInterval.isNegative() || verificationInterval.isZero()) {
      throw new IllegalArgumentException("verificationInterval must be positive");
    }
    if (maxAlertsPerIncident < 1 || maxAlertsPerIncident > 7_000) {
      throw new IllegalArgumentException("maxAlertsPerIncident must be between 1 and 7000");
    }
    if (continueAsNewAfterEvents < 50) {
      throw new IllegalArgumentException("continueAsNewAfterEvents must be at least 50");
    }
  }

  /** The runbook's defaults everywhere. */
  public static ResponsePolicy defaults() {
    return new ResponsePolicy(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * When an acknowledgement is due for an incident of {@code severity} armed at {@code armedAt}:
   * the response time later, or the next business day when the severity has none.
   */
  public Instant acknowledgementDue(Severity severity, Instant armedAt) {
    Duration responseTime = responseTimes.get(severity);
    return responseTime == null
        ? calendar.nextBusinessDayStart(armedAt)
        : armedAt.plus(responseTime);
  }

  /** The generic text a security incident may put on the status page; empty: silent. */
  public Optional<String> securityStatusPage() {
    return securityStatusPageText == null || securityStatusPageText.isBlank()
        ? Optional.empty()
        : Optional.of(securityStatusPageText.strip());
  }

  /** How urgently an incident of {@code severity} is paged when it opens; empty: not at once. */
  public Optional<PageUrgency> pagingUrgency(Severity severity) {
    return Optional.ofNullable(pagingUrgency.get(severity));
  }

  /** The time to acknowledge an incident of {@code severity}; empty: the next business day. */
  public Optional<Duration> responseTime(Severity severity) {
    return Optional.ofNullable(responseTimes.get(severity));
  }

  public Optional<Duration> cadence(Severity severity) {
    return Optional.ofNullable(updateCadence.get(severity));
  }

  public ServiceProfile profile(String service) {
    return services.getOrDefault(service, defaultService);
  }

  /** Whether an action of {@code risk} in an incident of {@code severity} runs without approval. */
  public boolean runsWithoutApproval(Severity severity, RiskClass risk) {
    RiskClass limit = autoRunUpTo.get(severity);
    return limit != null && risk.isAtMost(limit);
  }

  /**
   * The risk an action of {@code type} carries: the policy's, or {@code requested} when that is
   * higher (a request may raise the risk, never lower it).
   */
  public RiskClass riskOf(ActionType type, RiskClass requested) {
    RiskClass policyRisk = actionRisk.getOrDefault(type, type.defaultRisk());
    return requested != null && !requested.isAtMost(policyRisk) ? requested : policyRisk;
  }

  /** How many different approvers an action of {@code risk} needs (at least one). */
  public int approvalsRequired(RiskClass risk) {
    return approvalsRequired.getOrDefault(risk, 1);
  }

  /** Whether approvals of {@code risk} need an identity the REST API or Slack verified. */
  public boolean needsVerifiedIdentity(RiskClass risk) {
    return verifiedIdentityFor.contains(risk);
  }

  /** Whether the policy names {@code person} (trimmed, any case) an approver of {@code risk}. */
  public boolean namesApprover(String person, RiskClass risk) {
    return person != null
        && approvers.getOrDefault(risk, List.of()).stream()
            .anyMatch(a -> IdentityProofs.samePerson(a, person));
  }

  public boolean mayApprove(String person, RiskClass risk) {
    return person != null && approvers.getOrDefault(risk, List.of()).contains(person.trim());
  }

  public static Map<Severity, Duration> defaultResponseTimes() {
    Map<Severity, Duration> times = new EnumMap<>(Severity.class);
    times.put(Severity.P0, Duration.ofMinutes(15));
    times.put(Severity.P1, Duration.ofHours(1));
    times.put(Severity.P2, Duration.ofHours(4));
    return times;
  }

  /**
   * The runbook's response times as paging urgency: wake people for P0/P1, not for P2; P3 waits.
   */
  public static Map<Severity, PageUrgency> defaultPagingUrgency() {
    Map<Severity, PageUrgency> urgency = new EnumMap<>(Severity.class);
    urgency.put(Severity.P0, PageUrgency.HIGH);
    urgency.put(Severity.P1, PageUrgency.HIGH);
    urgency.put(Severity.P2, PageUrgency.LOW);
    return urgency;
  }

  public static Map<Severity, Duration> defaultUpdateCadence() {
    Map<Severity, Duration> cadence = new EnumMap<>(Severity.class);
    cadence.put(Severity.P0, Duration.ofMinutes(30));
    cadence.put(Severity.P1, Duration.ofHours(1));
    return cadence;
  }

  /** Low-risk actions (scaling up) run alone for P0-P2; everything else waits for a person. */
  public static Map<Severity, RiskClass> defaultAutoRun() {
    Map<Severity, RiskClass> auto = new EnumMap<>(Severity.class);
    auto.put(Severity.P0, RiskClass.LOW);
    auto.put(Severity.P1, RiskClass.LOW);
    auto.put(Severity.P2, RiskClass.LOW);
    return auto;
  }

  /**
   * The runbook's risk per action type: what changes code, data paths or nodes is HIGH (node drain
   * included, though its type says MEDIUM for incidents recorded before this policy existed).
   */
  public static Map<ActionType, RiskClass> defaultActionRisk() {
    Map<ActionType, RiskClass> risks = new EnumMap<>(ActionType.class);
    for (ActionType type : ActionType.values()) {
      risks.put(type, type.defaultRisk());
    }
    risks.put(ActionType.DRAIN_NODE, RiskClass.HIGH);
    return risks;
  }

  public static Map<DiagnosisProbe, Duration> defaultProbes() {
    Map<DiagnosisProbe, Duration> probes = new EnumMap<>(DiagnosisProbe.class);
    for (DiagnosisProbe probe : DiagnosisProbe.values()) {
      probes.put(probe, Duration.ofSeconds(30));
    }
    probes.put(DiagnosisProbe.ERROR_LOGS, Duration.ofSeconds(60));
    // a repository's first fetch into the worker's mirror can take a while
    probes.put(DiagnosisProbe.GIT_CHANGES, Duration.ofSeconds(60));
    // up to 8 dependencies of 4 Prometheus queries each, one after another
    probes.put(DiagnosisProbe.DEPENDENCIES, Duration.ofSeconds(60));
    return probes;
  }

  private static <K, V> Map<K, V> orDefault(Map<K, V> given, Map<K, V> fallback) {
    return Collections.unmodifiableMap(given == null ? fallback : new LinkedHashMap<>(given));
  }

  /** Policies in use in this JVM, each kept once while an incident holds it. */
  private static final SharedValues<ResponsePolicy> SHARED = new SharedValues<>();

  /**
   * The one instance in this JVM with the same content, in the same order, as this policy (this
   * one, the first time): every incident's input carries the policy. Two policies equal as maps but
   * ordered differently (the probes, say) are different policies here ({@link SharedValues}).
   */
  public ResponsePolicy shared() {
    return SHARED.shared(this);
  }
}
