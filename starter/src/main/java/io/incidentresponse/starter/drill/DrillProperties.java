package io.incidentresponse.starter.drill;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Drills, under {@code incident.drill.*} (the worker reads its own keys under the same prefix).
 *
 * @param detectTarget a drill incident should open this long after the injection at most; default
 *     5m
 * @param mitigateTarget and be mitigated within this; default 1h. The acknowledgement target is the
 *     policy's response time for the incident's severity
 * @param schedules drills run by Temporal Schedules, created or updated at start-up; none by
 *     default
 */
@ConfigurationProperties("incident.drill")
public record DrillProperties(
    @DefaultValue("5m") Duration detectTarget,
    @DefaultValue("1h") Duration mitigateTarget,
    List<ScheduledDrill> schedules) {

  public DrillProperties {
    schedules = schedules == null ? List.of() : List.copyOf(schedules);
    for (int i = 0; i < schedules.size(); i++) {
      schedules.get(i).check("incident.drill.schedules[" + i + "]");
    }
    if (schedules.stream().map(ScheduledDrill::id).distinct().count() != schedules.size()) {
      throw new IllegalArgumentException("incident.drill.schedules: every id must be different");
    }
  }

  /**
   * One drill on a calendar: {@code monthly} per service, {@code quarterly} cross-team, {@code
   * annual} disaster recovery are just ids and crons.
   *
   * @param id the schedule's name; the Temporal Schedule is {@code drill-<id>}
   * @param cron when, in UTC (minute hour day-of-month month day-of-week); day of month and day of
   *     week must both match (Temporal's rule, unlike Unix cron), so {@code 0 10 1-7 * 2} is the
   *     first Tuesday of each month; {@code #} is refused (Temporal reads it as a comment)
   * @param scenario one of the known scenarios
   * @param service the service drilled
   * @param namespace its namespace; default the policy's default namespace
   * @param duration how long the fault stays in (at most 4h)
   * @param parameters the scenario's parameters
   * @param stopConditions Prometheus bounds; none given: the error ratio above 0.5
   * @param reason shown on the drill, e.g. "monthly checkout drill"
   * @param notifyLeadership the drill incident tells leadership
   * @param dryRun change nothing, only say
   */
  public record ScheduledDrill(
      String id,
      String cron,
      String scenario,
      String service,
      String namespace,
      Duration duration,
      Map<String, String> parameters,
      List<StopConditionSetting> stopConditions,
      String reason,
      boolean notifyLeadership,
      boolean dryRun) {

    void check(String property) {
      if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new IllegalArgumentException(
            property + ".id must be a name (letters, digits, . _ -)");
      }
      if (cron == null || cron.isBlank()) {
        throw new IllegalArgumentException(property + ".cron is required");
      }
      if (cron.contains("#")) {
        // Temporal's cron reads '#' as the start of a comment: "2#1" would be every Tuesday
        throw new IllegalArgumentException(
            property
                + ".cron '"
                + cron
                + "': Temporal reads '#' as a comment, so an nth weekday such as 2#1 would run"
                + " every week; Temporal matches day of month AND day of week, so the first"
                + " Tuesday is \"0 10 1-7 * 2\"");
      }
      DrillRequests.checkPlan(property, scenario, service, duration);
    }
  }

  /** A stop condition in configuration: a query name or PromQL, and the bound. */
  public record StopConditionSetting(String query, double above) {}
}
