package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.DocumentFormat.count;
import static io.incidentresponse.activities.postmortem.DocumentFormat.duration;
import static io.incidentresponse.activities.postmortem.DocumentFormat.line;
import static io.incidentresponse.activities.postmortem.DocumentFormat.money;
import static io.incidentresponse.activities.postmortem.DocumentFormat.percent;
import static io.incidentresponse.activities.postmortem.PostmortemRenderer.TO_COMPLETE;

import io.incidentresponse.activities.grafana.GrafanaLinks;
import io.incidentresponse.workflows.diagnosis.ImpactFigures;
import io.incidentresponse.workflows.incident.IncidentState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Impact Assessment: users affected, downtime, the revenue lost at the configured rate, and the
 * error budget burned (as the incident recorded it, else estimated from the downtime against the
 * SLO over a 30-day budget).
 */
final class ImpactSection implements DocumentSection {
  /** A month of error budget, as the closure's impact assessment counts it. */
  private static final Duration BUDGET_PERIOD = Duration.ofDays(30);

  private final IncidentState s;
  private final Instant restored;
  private final Duration downtime;
  private final Double sloTarget;
  private final DocumentFormat format;
  private final PostmortemDocumentSettings settings;
  private final GrafanaLinks dashboards;

  ImpactSection(
      IncidentFacts facts,
      DocumentFormat format,
      PostmortemDocumentSettings settings,
      GrafanaLinks dashboards) {
    this.dashboards = dashboards;
    this.s = facts.s();
    this.restored = facts.restored();
    this.downtime = facts.downtime();
    this.sloTarget = facts.sloTarget();
    this.format = format;
    this.settings = settings;
  }

  @Override
  public void write(StringBuilder out) {
    out.append("## Impact Assessment\n");
    out.append("- **Users Affected**: ");
    if (s.usersAffected != null) {
      out.append(count(s.usersAffected));
      if (s.usersAffectedSource != null && !s.usersAffectedSource.isBlank()) {
        out.append(" (source: ").append(line(s.usersAffectedSource)).append(')');
      }
      out.append('\n');
    } else {
      out.append("unknown: no query or alert reported it. ").append(TO_COMPLETE).append('\n');
    }
    out.append("- **Downtime**: ").append(downtimeLine()).append('\n');
    out.append("- **Revenue Impact**: ").append(revenueLine()).append('\n');
    out.append("- **SLO Impact**: ").append(sloLine()).append('\n');
    String figures = ImpactFigures.of(s.diagnosis);
    if (figures != null) {
      out.append("- **What Prometheus showed** (diagnosis round ")
          .append(s.diagnosis.round())
          .append(", ")
          .append(format.clockOf(s.diagnosis.completedAt()))
          .append("): ")
          .append(line(figures))
          .append('\n');
    }
    Instant ended = restored != null ? restored : s.resolvedAt;
    String dashboard = dashboards.fixed(s.incidentId, s.service, s.namespace, s.detectedAt, ended);
    if (dashboard != null) {
      out.append("- **Dashboard**: [the service over the incident](<")
          .append(dashboard.replace(">", "%3E"))
          .append(">)\n");
    }
    out.append('\n');
  }

  private String downtimeLine() {
    if (restored != null) {
      return duration(downtime)
          + " (from detection at "
          + format.clockOf(s.detectedAt)
          + " to service restored at "
          + format.clockOf(restored)
          + ")";
    }
    if (downtime != null) {
      return duration(downtime)
          + " (from detection at "
          + format.clockOf(s.detectedAt)
          + " to resolution at "
          + format.clockOf(s.resolvedAt)
          + ": the restoration time was not recorded)";
    }
    return "unknown: service was not restored when this draft was written";
  }

  private String revenueLine() {
    BigDecimal perHour = settings.revenuePerHour();
    if (perHour != null && downtime != null) {
      BigDecimal lost =
          perHour
              .multiply(BigDecimal.valueOf(downtime.getSeconds()))
              .divide(BigDecimal.valueOf(3600), 0, RoundingMode.HALF_UP);
      return "about "
          + money(lost, settings.currency())
          + " ("
          + duration(downtime)
          + " at "
          + money(perHour, settings.currency())
          + " per hour of downtime, a configured estimate)";
    }
    if (perHour != null) {
      return "not estimated yet: service was not restored when this draft was written";
    }
    return "not estimated: no revenue per hour is configured. " + TO_COMPLETE + " if it applies";
  }

  private String sloLine() {
    Double target = sloTarget;
    Double burned = s.errorBudgetBurned;
    boolean estimated = false;
    if (burned == null && target != null && downtime != null) {
      double budgetSeconds = (1 - target) * BUDGET_PERIOD.getSeconds();
      burned = downtime.getSeconds() / budgetSeconds;
      estimated = true;
    }
    if (burned == null && target != null) {
      return "unknown yet (SLO "
          + percent(target)
          + "): service was not restored when this draft was written";
    }
    if (burned == null) {
      return "unknown: no SLO is configured. " + TO_COMPLETE + " if an SLO applies";
    }
    StringBuilder text =
        new StringBuilder(String.format(Locale.ROOT, "%.1f%%", burned * 100))
            .append(" of the month's error budget burned");
    if (target != null) {
      text.append(" (SLO ").append(percent(target)).append(')');
    }
    if (estimated) {
      text.append(", estimated from the downtime against a 30-day budget");
    }
    if (burned >= 1) {
      text.append(": the SLO is breached for the month");
    }
    return text.toString();
  }
}
