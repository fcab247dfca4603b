package io.incidentresponse.workflows.incident;

/**
 * The runbook's resolution: the incident is resolved when its monitoring window passes clean or
 * when a person says so ({@code resolve}, or a false positive that closes without a postmortem).
 * Service restoration, if nothing recorded it, is taken as the moment of resolution.
 */
final class Resolution extends IncidentStep implements RunbookStep {

  Resolution(IncidentContext ctx) {
    super(ctx);
  }

  /** A person asked to resolve. */
  @Override
  public boolean due() {
    return s.resolveRequest != null;
  }

  /** A person asked to resolve (or to close as a false positive): resolved now. */
  @Override
  public void act() {
    if (s.resolveRequest == null) {
      return;
    }
    ResolveRequest request = s.resolveRequest;
    s.resolveRequest = null;
    s.falsePositive = request.falsePositive();
    markResolved(
        request.by(),
        request.falsePositive() ? "Closed as a false positive" : "Resolved by " + request.by(),
        request.note());
  }

  void markResolved(String by, String event, String note) {
    s.resolvedAt = now();
    if (s.restoredAt == null) {
      s.restoredAt = s.resolvedAt;
    }
    s.closeDueAt = s.resolvedAt.plus(policy.closeWithin());
    ctx.timersVersion++;
    setPhase(Phase.RESOLVED, by, event, note == null ? "" : note);
  }

  void resolve(ResolveRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.RESOLVE);
      return;
    }
    if (blank(request.by())) {
      ctx.ignored(IncidentSignals.RESOLVE, "by");
      return;
    }
    if (s.phase.isOver() || s.resolveRequest != null) {
      record(request.by(), "Ignored resolve: the incident is " + s.phase, "");
      return;
    }
    s.resolveRequest = request;
  }
}
