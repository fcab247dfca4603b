package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.capabilities.Integration;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.workflow.Promise;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

/**
 * A runbook step of the incident workflow: a plain deterministic object built in the workflow's
 * constructor over the run's {@link IncidentContext}. The helpers here only hand on to the context,
 * so every step records, publishes and calls activities the same way.
 */
abstract class IncidentStep {
  static final String SYSTEM = IncidentContext.SYSTEM;

  final IncidentContext ctx;
  final IncidentState s;
  final ResponsePolicy policy;

  /** The most people one incident's page updates go to. */
  static final int MAX_PAGED_PEOPLE = 20;

  IncidentStep(IncidentContext ctx) {
    this.ctx = ctx;
    this.s = ctx.s;
    this.policy = ctx.policy;
  }

  /**
   * {@code request} once per person the pages reached (see {@link IncidentState#pagedPeople}), or
   * once without a person when none is known or the run predates it: each paging system updates
   * what it sent that person (PagerDuty's status change is the same every time).
   */
  List<PageRequest> perPagedPerson(PageRequest request) {
    if (!ctx.updatesPagedPeople || s.pagedPeople.isEmpty()) {
      return List.of(request);
    }
    return s.pagedPeople.stream()
        .map(person -> request.withPerson(new EscalationTarget(null, person, null, null, null)))
        .toList();
  }

  void record(String actor, String event, String actionTaken) {
    ctx.record(actor, event, actionTaken);
  }

  void setPhase(Phase phase, String actor, String event, String action) {
    ctx.setPhase(phase, actor, event, action);
  }

  void publish() {
    ctx.publish();
  }

  <T> T attemptGet(Integration integration, String what, Supplier<T> call) {
    return ctx.attemptGet(integration, what, call);
  }

  <T> T attemptQuietly(Integration integration, Supplier<T> call) {
    return ctx.attemptQuietly(integration, call);
  }

  boolean attempt(Integration integration, String what, Runnable call) {
    return ctx.attempt(integration, what, call);
  }

  Promise<Void> inBackground(Runnable work) {
    return ctx.inBackground(work);
  }

  IncidentBrief brief() {
    return IncidentMessages.brief(s, policy);
  }

  IncidentUpdate update(Instant nextUpdateAt) {
    return IncidentMessages.update(s, policy, nextUpdateAt);
  }

  StatusPageNotice statusPageNotice(Instant nextUpdateAt) {
    return IncidentMessages.statusPageNotice(s, policy, nextUpdateAt);
  }

  String time(Instant at) {
    return ctx.time(at);
  }

  ZoneId zone() {
    return ctx.zone();
  }

  static Instant now() {
    return IncidentContext.now();
  }

  static Duration until(Instant at) {
    return IncidentContext.until(at);
  }

  static boolean blank(String value) {
    return IncidentContext.blank(value);
  }

  static String note(String note) {
    return IncidentContext.note(note);
  }

  static String personName(String name) {
    return IncidentContext.personName(name);
  }
}
