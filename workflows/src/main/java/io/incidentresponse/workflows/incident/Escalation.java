package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.capabilities.Integration;
import io.incidentresponse.workflows.communication.LeadershipNotice;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.PageUrgency;
import io.incidentresponse.workflows.incident.IncidentContext.Opening;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The runbook's response time and escalation: the first page (at the urgency the policy gives the
 * severity; P3 only when its response time passes), the response-time timer that pages the next
 * level when nobody acknowledges, leadership told once past the top level, and what an
 * acknowledgement or a severity change does to them. The timer runs beside the lifecycle loop;
 * every deadline is an absolute time in the state, so continue-as-new resumes it where it was.
 */
final class Escalation extends IncidentStep {
  /** Pages kept in the state; the policy's levels (and the security lead) stay far below it. */
  static final int MAX_PAGES_KEPT = 50;

  /** The roster's role paged beside level 0 of a security incident. */
  static final String SECURITY_LEAD = "security-lead";

  Escalation(IncidentContext ctx) {
    super(ctx);
  }

  /**
   * Pages the first responder when the incident opens, if its severity is paged at once (P0-P2 by
   * default) and nobody has acknowledged yet; beside the loop, so nothing waits for the pager.
   */
  void pageIfDue() {
    if (!pageDue()) {
      return;
    }
    s.pageRequested = true;
    PageUrgency urgency = policy.pagingUrgency(s.severity).orElse(PageUrgency.LOW);
    int index = s.escalationLevel;
    String level = policy.escalationLevels().get(index);
    PageRequest request =
        new PageRequest(
            brief(),
            ctx.intake.pageFromAlerts(),
            index,
            level,
            "Incident " + s.incidentId,
            urgency);
    ctx.openingInBackground(
        Opening.PAGE,
        () -> {
          if (ctx.resolvesTargets) {
            openPageToPerson(request);
          } else {
            openPage(request, "Paged " + level + " (" + urgency + " urgency)");
          }
        });
  }

  /** The security lead of a security incident, not asked for yet, nobody on it yet. */
  boolean securityLeadDue() {
    return s.security
        && ctx.securityResponse
        && !s.securityLeadRequested
        && !s.acknowledged()
        && !s.phase.isOver();
  }

  /**
   * A security incident pages the security lead at once, whatever its severity, beside level 0: on
   * the page when it exists, else on a page of its own. A roster with nobody for {@link
   * #SECURITY_LEAD} is said on the timeline (level 0 is paged as usual).
   */
  void pageSecurityLeadIfDue() {
    if (!securityLeadDue()) {
      return;
    }
    s.securityLeadRequested = true;
    ctx.openingInBackground(
        Opening.PAGE,
        () -> {
          EscalationTarget lead = resolve(0, SECURITY_LEAD);
          if (pageable(lead) == null) {
            record(SYSTEM, "Security lead not paged", lead.problem());
            publish();
            return;
          }
          // After the first page when one is going out, so the lead joins it.
          Workflow.await(() -> !s.pageRequested || s.page != null || s.pagingProblem != null);
          PageRef existing = s.page != null ? s.page : ctx.intake.pageFromAlerts();
          PageRequest request =
              new PageRequest(
                      brief(),
                      existing,
                      0,
                      SECURITY_LEAD,
                      "Security incident " + s.incidentId,
                      PageUrgency.HIGH)
                  .withPerson(lead);
          PageRef answer =
              attemptGet(
                  Integration.PAGING,
                  "Paging " + SECURITY_LEAD,
                  () ->
                      s.page == null
                          ? ctx.paging().openPage(request)
                          : ctx.paging().escalatePage(request));
          if (ctx.lastFailure == null) {
            if (s.page == null && answer != null) {
              s.page = answer;
            }
            recordPage(request, lead, answer, "Security incident");
          }
          publish();
        });
  }

  /** A page for a severity the policy pages at once, not asked for yet, nobody on it yet. */
  boolean pageDue() {
    return !s.pageRequested
        && !s.acknowledged()
        && !s.phase.isOver()
        && policy.pagingUrgency(s.severity).isPresent();
  }

  void openPage(PageRequest request, String event) {
    PageRef page =
        attemptGet(
            Integration.PAGING, "Paging " + request.target(), () -> ctx.paging().openPage(request));
    if (page != null) {
      s.page = page;
      s.pagingProblem = null;
      record(SYSTEM, event, "Page " + page.id());
    } else {
      s.pagingProblem = ctx.lastFailure;
    }
    publish();
  }

  /**
   * Opens the page at the person the roster resolves the level to now; when it names nobody (or
   * does not answer in time) the page goes out anyway, to the level as the paging system knows it.
   */
  void openPageToPerson(PageRequest request) {
    // No page can go out here: nobody to look up either (the roster is asked for the page alone).
    EscalationTarget target =
        ctx.capabilities.missing(Integration.PAGING)
            ? null
            : resolve(request.level(), request.target());
    PageRequest sent = request.withPerson(pageable(target));
    PageRef page =
        attemptGet(
            Integration.PAGING, "Paging " + request.target(), () -> ctx.paging().openPage(sent));
    if (page != null) {
      s.page = page;
      s.pagingProblem = null;
      recordPage(
          request, target, page, "Page " + page.id() + ", " + request.urgency() + " urgency");
    } else {
      s.pagingProblem = ctx.lastFailure;
    }
    publish();
  }

  /**
   * Escalates the page to the person the roster resolves the level to now (or to the level, when it
   * names nobody); true when the paging system took it.
   */
  boolean escalatePageToPerson(PageRequest request) {
    EscalationTarget target =
        ctx.resolvesTargets ? resolve(request.level(), request.target()) : null;
    PageRequest sent = request.withPerson(pageable(target));
    PageRef answer = attemptQuietly(Integration.PAGING, () -> ctx.paging().escalatePage(sent));
    String failure = ctx.lastFailure;
    if (failure != null) {
      if (!ctx.lastNotCalled) {
        record(SYSTEM, "Escalation to " + request.target() + " failed", failure);
      }
      return false;
    }
    if (answer != null && answer.id() != null) {
      s.page = answer;
    }
    if (ctx.resolvesTargets) {
      recordPage(request, target, answer, s.page == null ? "" : "Page " + s.page.id());
      publish();
    }
    return true;
  }

  /**
   * The person (or PagerDuty escalation policy) an escalation level means for this incident now.
   * The roster is asked at each page, so a hand-off during the incident pages the new person. A
   * roster that fails or does not answer in time ({@link IncidentContext#ROSTER}) gives a target
   * without a person, with why.
   */
  EscalationTarget resolve(int index, String label) {
    if (ctx.capabilities.missing(Integration.ROSTER)) {
      return new EscalationTarget(label, null, null, null, "no on-call roster is configured");
    }
    EscalationTargetRequest request =
        new EscalationTargetRequest(
            s.incidentId, s.service, policy.profile(s.service).team(), label, index, now());
    EscalationTarget target =
        attemptQuietly(Integration.ROSTER, () -> ctx.roster().resolveTarget(request));
    if (target != null) {
      return target;
    }
    String why = ctx.lastFailure == null ? "it answered nothing" : ctx.lastFailure;
    return new EscalationTarget(label, null, null, null, "the roster did not answer: " + why);
  }

  /** The target to put on the page: only one that names someone (a person or a PD policy). */
  private static EscalationTarget pageable(EscalationTarget target) {
    return target != null
            && (target.person() != null || target.pagerDutyEscalationPolicyId() != null)
        ? target
        : null;
  }

  /** Keeps the page in the state and says on the timeline who was paged, how, and by what. */
  private void recordPage(
      PageRequest request, EscalationTarget target, PageRef answer, String action) {
    OnCallPerson person = target == null ? null : target.person();
    String how =
        target == null
            ? null
            : person != null || target.pagerDutyEscalationPolicyId() != null
                ? target.how()
                : target.problem();
    PageSent sent =
        new PageSent(
            request.level(),
            Texts.truncated(request.target(), IncidentContext.MAX_NAME),
            person == null ? null : Texts.truncated(person.displayName(), IncidentContext.MAX_NAME),
            how == null ? null : Texts.truncated(how, IncidentContext.MAX_NAME),
            answer == null ? List.of() : boundedVia(answer.via()),
            now());
    if (s.pages.size() < MAX_PAGES_KEPT) {
      s.pages.add(sent);
    }
    if (ctx.updatesPagedPeople
        && person != null
        && answer != null
        && s.pagedPeople.size() < MAX_PAGED_PEOPLE
        && s.pagedPeople.stream().noneMatch(p -> java.util.Objects.equals(p.id(), person.id()))) {
      s.pagedPeople.add(
          new OnCallPerson(
              person.id(), person.name(), person.slackUserId(), person.email(), null, null));
    }
    String nobody =
        person == null && how != null
            ? "; nobody from the roster (" + how + "): the paging system's own escalation applies"
            : "";
    record(SYSTEM, sent.describe(), action + nobody);
  }

  private static List<String> boundedVia(List<String> via) {
    return via.stream().limit(10).map(v -> Texts.truncated(v, 100)).toList();
  }

  /**
   * The response-time timer: no acknowledgement by the due time pages the next level and re-arms;
   * past the top level, leadership is told once.
   */
  void keepResponseTimer() {
    while (!s.acknowledged() && !s.escalationExhausted && !s.phase.isOver()) {
      int seen = ctx.timersVersion;
      if (s.acknowledgementDueAt == null) {
        return;
      }
      Duration wait = until(s.acknowledgementDueAt);
      if (!wait.isZero()
          && Workflow.await(
              wait, () -> s.acknowledged() || s.phase.isOver() || ctx.timersVersion != seen)) {
        continue;
      }
      if (ctx.timersVersion == seen && !s.acknowledged() && !s.phase.isOver()) {
        escalate();
      }
    }
  }

  void escalate() {
    if (ctx.hardened) {
      escalateOrPage();
      return;
    }
    Instant now = now();
    String waited = Texts.duration(Duration.between(s.escalationArmedAt, now));
    List<String> levels = policy.escalationLevels();
    int next = s.escalationLevel + 1;
    ctx.timersVersion++;
    if (next < levels.size()) {
      s.escalationLevel = next;
      s.escalationArmedAt = now;
      s.acknowledgementDueAt = policy.acknowledgementDue(s.severity, now);
      record(
          SYSTEM,
          "No acknowledgement within " + waited + " (" + s.severity + ")",
          "Escalated to level " + next + ": " + levels.get(next));
      publish();
      PageRequest request =
          new PageRequest(
              brief(),
              s.page,
              next,
              levels.get(next),
              "Unacknowledged " + s.severity + " incident, escalated after " + waited);
      escalatePageToPerson(request);
    } else {
      escalationExhausted(levels);
    }
  }

  /** Every level was paged and nobody acknowledged: leadership is told once. */
  void escalationExhausted(List<String> levels) {
    s.escalationExhausted = true;
    s.acknowledgementDueAt = null;
    record(
        SYSTEM,
        "No acknowledgement after every escalation level",
        s.tellsLeadership()
            ? "Leadership told the incident is unowned"
            : "Leadership not told: a drill");
    publish();
    if (!s.tellsLeadership()) {
      return;
    }
    LeadershipNotice notice =
        new LeadershipNotice(
            brief(),
            "Nobody acknowledged this "
                + s.severity
                + " incident after paging "
                + String.join(", ", levels),
            "unacknowledged");
    attempt(
        Integration.CHAT,
        "Leadership notice (unacknowledged)",
        () -> ctx.chat().notifyLeadership(notice));
  }

  /**
   * The response time passed without an acknowledgement. A severity not paged when it opened (P3)
   * is paged now, at level 0 and low urgency unless the policy says otherwise; a page that exists
   * moves up a level; when paging failed before, the next level is paged afresh. Past the top
   * level, leadership is told once.
   */
  void escalateOrPage() {
    Instant now = now();
    String waited = Texts.duration(Duration.between(s.escalationArmedAt, now));
    List<String> levels = policy.escalationLevels();
    boolean firstPage = !s.pageRequested;
    int next = firstPage ? s.escalationLevel : s.escalationLevel + 1;
    ctx.timersVersion++;
    if (next >= levels.size()) {
      escalationExhausted(levels);
      return;
    }
    s.escalationLevel = next;
    s.escalationArmedAt = now;
    s.acknowledgementDueAt = policy.acknowledgementDue(s.severity, now);
    s.pageRequested = true;
    PageUrgency urgency = policy.pagingUrgency(s.severity).orElse(PageUrgency.LOW);
    record(
        SYSTEM,
        "No acknowledgement within " + waited + " (" + s.severity + ")",
        (firstPage ? "Paging level " : "Escalated to level ")
            + next
            + ": "
            + levels.get(next)
            + " ("
            + urgency
            + " urgency)");
    publish();
    PageRequest request =
        new PageRequest(
            brief(),
            s.page,
            next,
            levels.get(next),
            "Unacknowledged " + s.severity + " incident after " + waited,
            urgency);
    if (s.page == null) {
      ctx.opening(
          Opening.PAGE,
          () -> {
            if (ctx.resolvesTargets) {
              openPageToPerson(request);
            } else {
              openPage(request, "Paged " + levels.get(next) + " (" + urgency + " urgency)");
            }
          });
    } else if (escalatePageToPerson(request)) {
      s.pagingProblem = null;
    } else {
      s.pagingProblem = ctx.lastFailure;
      publish();
    }
  }

  void changeSeverity(Severity severity, String by, String reason) {
    if (severity == s.severity) {
      return;
    }
    Severity previous = s.severity;
    s.severity = severity;
    s.impact = Impact.of(severity);
    Instant now = now();
    if (!s.acknowledged() && !s.escalationExhausted) {
      s.acknowledgementDueAt = policy.acknowledgementDue(severity, s.escalationArmedAt);
    }
    if (!s.phase.isOver()) {
      Instant sooner = policy.cadence(severity).map(now::plus).orElse(null);
      if (sooner == null || s.nextUpdateAt == null || sooner.isBefore(s.nextUpdateAt)) {
        s.nextUpdateAt = sooner;
      }
    }
    ctx.timersVersion++;
    record(by, "Severity " + previous + " -> " + severity, reason == null ? "" : reason);
    publish();
  }

  void acknowledge(AcknowledgeRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.ACKNOWLEDGE);
      return;
    }
    if (blank(request.by())) {
      ctx.ignored(IncidentSignals.ACKNOWLEDGE, "by");
      return;
    }
    if (s.acknowledged()) {
      record(request.by(), "Also acknowledged", note(request.note()));
      return;
    }
    s.acknowledgedAt = now();
    s.acknowledgedBy = personName(request.by());
    s.acknowledgementDueAt = null;
    ctx.timersVersion++;
    String action = "Escalation stopped";
    if (s.commander() == null) {
      s.roles.put(Role.INCIDENT_COMMANDER, s.acknowledgedBy);
      action += "; " + s.acknowledgedBy + " is incident commander";
    }
    record(
        s.acknowledgedBy,
        "Acknowledged after " + Texts.duration(Duration.between(s.detectedAt, s.acknowledgedAt)),
        action + note(request.note()));
    publish();
  }

  void setSeverity(SetSeverityRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.SET_SEVERITY);
      return;
    }
    if (request.severity() == null) {
      ctx.ignored(IncidentSignals.SET_SEVERITY, "severity");
      return;
    }
    if (blank(request.by())) {
      ctx.ignored(IncidentSignals.SET_SEVERITY, "by");
      return;
    }
    changeSeverity(request.severity(), request.by(), request.reason());
  }
}
