package io.incidentresponse.activities.metrics;

import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.metrics.ActionItemsUpdate;
import io.incidentresponse.workflows.metrics.DrillTargets;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.postmortem.ActionItem;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The runbook's monthly metrics from incident summaries and action items: pure, no I/O, no clock
 * (the caller passes {@code now}). The inputs may hold more than the month (the store passes the
 * last incident before the month per service, and the incidents of items done or due); each figure
 * picks what it needs, so the result does not depend on what else is passed or in what order.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>The month's incidents are those detected in it, in {@code zone}. False positives are left
 *       out of every figure (and their action items too) except {@code falsePositives}. Drills are
 *       left out of every figure, {@code falsePositives} included (and of MTBF's previous
 *       incident), and scored in {@code drills} instead.
 *   <li>Drills: each drill incident of the month, in detection order, with its time to detect (as
 *       MTTD), to acknowledge (as MTTA) and to mitigate (as MTTR) against its targets: the
 *       detection and mitigation targets of its severity ({@link DrillTargets}), its own response
 *       time for the acknowledgement. It passes when all three were reached within them.
 *   <li>MTTD: first alert to detection, over incidents with a first alert no later than the
 *       detection (an incident declared by a person before any alert fired has no MTTD). MTTA:
 *       detection to acknowledgement, over acknowledged incidents. MTTR, the time to recover:
 *       detection to service restored ({@code restoredAt}), over incidents restored or resolved; an
 *       incident recorded without a restoration time counts to its resolution, a restoration is
 *       never counted before the detection nor after the resolution. Time to resolve: detection to
 *       resolution (after the clean monitoring window), over resolved incidents. Means in seconds,
 *       null when nothing to average.
 *   <li>MTBF per service: mean gap between consecutive detections of the service's incidents in the
 *       month, counting from its last incident before the month when there is one; services with at
 *       least one gap.
 *   <li>SLO compliance: share of incidents acknowledged within their response time (at most {@code
 *       responseTime} after detection; acknowledged at all when the severity had none, as P3's
 *       "next business day" is not in the summary). Not acknowledged counts as a miss once the
 *       response time has run out; an incident still inside it at {@code now} is left out, so a
 *       fresh incident does not dent the live gauge. Null when no incident counts.
 *   <li>Top types: at most {@value #TOP_TYPES}, most frequent first, ties by name
 *       (case-insensitive).
 *   <li>Improvements: action items DONE whose {@code updatedAt} is in the month, whatever month
 *       their incident was in, as {@code AI-1 Alert on pool saturation (carol, checkout incident)}.
 *   <li>Open action items: items of the month's incidents neither done nor dropped.
 *   <li>Action items by kind: for each of the runbook's eight kinds (technical first, then process)
 *       and for items without a kind when there are any, how many were done in the month (as
 *       improvements), are open from the month's incidents (as open action items) and are past due
 *       at {@code now} (any incident).
 *   <li>Runbook changes: {@code RUNBOOK_UPDATE} items done in the month, with the section they
 *       changed and the incident they followed, in the order they were done.
 *   <li>Weeks: every Monday-start week that overlaps the month, with the month's incidents detected
 *       in it and their MTTR (time to recover).
 *   <li>Focus areas, in this order when they apply: the service with the most incidents (at least
 *       two; ties by name); SLO compliance under {@value #SLO_TARGET}; P0 MTTA over 15 minutes;
 *       open action items past their due date at {@code now} (any incident); false positives.
 * </ul>
 */
public final class MetricsCalculator {
  /** At most this many incident types are listed. */
  public static final int TOP_TYPES = 5;

  /** SLO compliance below this share is a focus area. */
  public static final double SLO_TARGET = 0.9;

  /** P0 acknowledged slower than this on average is a focus area (the runbook's P0 response). */
  public static final Duration P0_MTTA_TARGET = Duration.ofMinutes(15);

  /** Stands for a missing service or incident type. */
  public static final String UNKNOWN = "unknown";

  private static final int PAST_DUE_LISTED = 3;

  private MetricsCalculator() {}

  /**
   * The metrics of {@code month} in {@code zone}.
   *
   * @param incidents the month's incidents and any others (earlier ones feed MTBF and name the
   *     incidents of action items)
   * @param items action items per incident; only those of the month's incidents, done in the month
   *     or past due matter
   * @param now when the metrics are computed: decides which unacknowledged incidents are still
   *     inside their response time and which items are past due
   */
  public static MonthlyMetrics compute(
      YearMonth month,
      ZoneId zone,
      Collection<IncidentSummary> incidents,
      Collection<ActionItemsUpdate> items,
      Instant now) {
    return compute(month, zone, incidents, items, now, DrillTargets.defaults());
  }

  /** As {@link #compute(YearMonth, ZoneId, Collection, Collection, Instant)}, drills scored. */
  public static MonthlyMetrics compute(
      YearMonth month,
      ZoneId zone,
      Collection<IncidentSummary> incidents,
      Collection<ActionItemsUpdate> items,
      Instant now,
      DrillTargets drillTargets) {
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(drillTargets, "drillTargets");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(now, "now");
    Instant start = month.atDay(1).atStartOfDay(zone).toInstant();
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();

    List<IncidentSummary> inMonth =
        incidents.stream()
            .filter(i -> i.detectedAt() != null && within(i.detectedAt(), start, end))
            .sorted(
                Comparator.comparing(IncidentSummary::detectedAt)
                    .thenComparing(IncidentSummary::incidentId))
            .toList();
    List<IncidentSummary> drills = inMonth.stream().filter(IncidentSummary::drill).toList();
    List<IncidentSummary> real =
        inMonth.stream().filter(i -> !i.drill() && !i.falsePositive()).toList();
    int falsePositives = inMonth.size() - drills.size() - real.size();

    Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      bySeverity.put(severity, 0);
    }
    for (IncidentSummary incident : real) {
      if (incident.severity() != null) {
        bySeverity.merge(incident.severity(), 1, Integer::sum);
      }
    }

    Double mttd = meanSeconds(real, MetricsCalculator::detection);
    Double mtta = meanSeconds(real, MetricsCalculator::acknowledgement);
    Double mttr = meanSeconds(real, MetricsCalculator::recovery);
    Double timeToResolve = meanSeconds(real, MetricsCalculator::resolution);
    Map<String, Double> mtbf = mtbf(real, incidents, start);
    Slo slo = slo(real, now);
    List<MonthlyMetrics.TypeCount> topTypes = topTypes(real);

    ItemFigures itemFigures =
        itemFigures(incidents, items, start, end, now.atZone(zone).toLocalDate());
    List<MonthlyMetrics.Week> weeks = weeks(month, zone, real);

    List<String> focusAreas = new ArrayList<>();
    mostIncidents(real).ifPresent(focusAreas::add);
    if (slo.compliance() != null && slo.compliance() < SLO_TARGET) {
      focusAreas.add(
          String.format(
              Locale.ROOT,
              "SLO compliance %.1f%% is under the %.0f%% target: %d %s not acknowledged within"
                  + " the response time",
              slo.compliance() * 100,
              SLO_TARGET * 100,
              slo.misses(),
              slo.misses() == 1 ? "incident was" : "incidents were"));
    }
    Double p0Mtta =
        meanSeconds(
            real.stream().filter(i -> i.severity() == Severity.P0).toList(),
            MetricsCalculator::acknowledgement);
    if (p0Mtta != null && p0Mtta > P0_MTTA_TARGET.toSeconds()) {
      focusAreas.add(
          "P0 incidents took "
              + durationText(p0Mtta)
              + " to acknowledge on average, over the "
              + durationText(P0_MTTA_TARGET.toSeconds())
              + " response time: check paging and escalation");
    }
    if (!itemFigures.pastDue().isEmpty()) {
      focusAreas.add(pastDueText(itemFigures.pastDue()));
    }
    if (falsePositives > 0) {
      focusAreas.add(
          falsePositives
              + (falsePositives == 1 ? " false positive" : " false positives")
              + ": tune the alerts that raised "
              + (falsePositives == 1 ? "it" : "them"));
    }

    return new MonthlyMetrics(
        month,
        zone.getId(),
        real.size(),
        Collections.unmodifiableMap(bySeverity),
        falsePositives,
        mttd,
        mtta,
        mttr,
        timeToResolve,
        Collections.unmodifiableMap(mtbf),
        slo.compliance(),
        topTypes,
        itemFigures.improvements(),
        itemFigures.open(),
        weeks,
        List.copyOf(focusAreas),
        drills.stream().map(i -> score(i, drillTargets)).toList(),
        itemFigures.byKind(),
        itemFigures.runbookChanges());
  }

  private static MonthlyMetrics.DrillScore score(IncidentSummary drill, DrillTargets targets) {
    Double detect = seconds(detection(drill));
    Double acknowledge = seconds(acknowledgement(drill));
    Double mitigate = seconds(recovery(drill));
    Double detectTarget = seconds(targets.detect(drill.severity()));
    Double acknowledgeTarget = seconds(drill.responseTime());
    Double mitigateTarget = seconds(targets.mitigate(drill.severity()));
    boolean passed =
        within(detect, detectTarget)
            && within(acknowledge, acknowledgeTarget)
            && within(mitigate, mitigateTarget);
    return new MonthlyMetrics.DrillScore(
        drill.incidentId(),
        drill.title(),
        service(drill),
        drill.severity(),
        drill.detectedAt(),
        detect,
        detectTarget,
        acknowledge,
        acknowledgeTarget,
        mitigate,
        mitigateTarget,
        passed);
  }

  /** Reached, and within the target when there is one. */
  private static boolean within(Double seconds, Double target) {
    return seconds != null && (target == null || seconds <= target);
  }

  private static Double seconds(Duration duration) {
    return duration == null ? null : duration.toMillis() / 1000.0;
  }

  private static boolean within(Instant instant, Instant start, Instant end) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  private static Duration detection(IncidentSummary incident) {
    if (incident.firstAlertAt() == null || incident.firstAlertAt().isAfter(incident.detectedAt())) {
      return null;
    }
    return Duration.between(incident.firstAlertAt(), incident.detectedAt());
  }

  private static Duration acknowledgement(IncidentSummary incident) {
    return incident.acknowledgedAt() == null
        ? null
        : Duration.between(incident.detectedAt(), incident.acknowledgedAt());
  }

  /**
   * Detection to restoration: the resolution stands in for an incident recorded before restoration
   * was kept; a restoration is bounded to [detection, resolution], as service cannot come back
   * before the incident began nor after it was resolved.
   */
  private static Duration recovery(IncidentSummary incident) {
    Instant restored = incident.restoredAt();
    if (restored == null
        || (incident.resolvedAt() != null && restored.isAfter(incident.resolvedAt()))) {
      restored = incident.resolvedAt();
    }
    if (restored == null) {
      return null;
    }
    return restored.isBefore(incident.detectedAt())
        ? Duration.ZERO
        : Duration.between(incident.detectedAt(), restored);
  }

  private static Duration resolution(IncidentSummary incident) {
    return incident.resolvedAt() == null
        ? null
        : Duration.between(incident.detectedAt(), incident.resolvedAt());
  }

  /**
   * Mean of the durations in seconds; null when none. Sums whole milliseconds, so the result is the
   * same whatever the order of the incidents.
   */
  private static Double meanSeconds(
      List<IncidentSummary> incidents, Function<IncidentSummary, Duration> measure) {
    long sumMillis = 0;
    int count = 0;
    for (IncidentSummary incident : incidents) {
      Duration duration = measure.apply(incident);
      if (duration != null) {
        sumMillis += duration.toMillis();
        count++;
      }
    }
    return count == 0 ? null : sumMillis / 1000.0 / count;
  }

  private static String service(IncidentSummary incident) {
    return incident.service() == null || incident.service().isBlank()
        ? UNKNOWN
        : incident.service();
  }

  private static Map<String, Double> mtbf(
      List<IncidentSummary> real, Collection<IncidentSummary> all, Instant start) {
    Map<String, List<Instant>> detections = new TreeMap<>();
    for (IncidentSummary incident : real) {
      detections
          .computeIfAbsent(service(incident), s -> new ArrayList<>())
          .add(incident.detectedAt());
    }
    Map<String, Instant> previous = new HashMap<>();
    for (IncidentSummary incident : all) {
      if (incident.falsePositive()
          || incident.drill()
          || incident.detectedAt() == null
          || !incident.detectedAt().isBefore(start)) {
        continue;
      }
      previous.merge(service(incident), incident.detectedAt(), (a, b) -> a.isAfter(b) ? a : b);
    }
    Map<String, Double> mtbf = new TreeMap<>();
    detections.forEach(
        (service, times) -> {
          List<Instant> sorted = new ArrayList<>(times);
          Instant before = previous.get(service);
          if (before != null) {
            sorted.add(before);
          }
          sorted.sort(Comparator.naturalOrder());
          if (sorted.size() < 2) {
            return;
          }
          long sumMillis = 0;
          for (int i = 1; i < sorted.size(); i++) {
            sumMillis += Duration.between(sorted.get(i - 1), sorted.get(i)).toMillis();
          }
          mtbf.put(service, sumMillis / 1000.0 / (sorted.size() - 1));
        });
    return mtbf;
  }

  private record Slo(Double compliance, int misses) {}

  private static Slo slo(List<IncidentSummary> real, Instant now) {
    int met = 0;
    int counted = 0;
    for (IncidentSummary incident : real) {
      Duration responseTime = incident.responseTime();
      Instant due = responseTime == null ? null : incident.detectedAt().plus(responseTime);
      if (incident.acknowledgedAt() != null) {
        counted++;
        if (due == null || !incident.acknowledgedAt().isAfter(due)) {
          met++;
        }
      } else if (due == null || !now.isBefore(due)) {
        counted++;
      }
    }
    return new Slo(counted == 0 ? null : (double) met / counted, counted - met);
  }

  private static final Comparator<String> BY_NAME =
      String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

  private static List<MonthlyMetrics.TypeCount> topTypes(List<IncidentSummary> real) {
    Map<String, Integer> counts = new HashMap<>();
    for (IncidentSummary incident : real) {
      String type =
          incident.incidentType() == null || incident.incidentType().isBlank()
              ? UNKNOWN
              : incident.incidentType();
      counts.merge(type, 1, Integer::sum);
    }
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey(BY_NAME)))
        .limit(TOP_TYPES)
        .map(e -> new MonthlyMetrics.TypeCount(e.getKey(), e.getValue()))
        .toList();
  }

  private record Key(String incidentId, Instant detectedAt) {}

  private record PastDue(ActionItem item, String service) {}

  private record ItemFigures(
      List<String> improvements,
      int open,
      List<PastDue> pastDue,
      List<MonthlyMetrics.KindFigures> byKind,
      List<MonthlyMetrics.RunbookChange> runbookChanges) {}

  /** Done, open and overdue counts per kind; the key null stands for items without a kind. */
  private static final class KindCounts {
    private final Map<ActionItemKind, Integer> done = new HashMap<>();
    private final Map<ActionItemKind, Integer> open = new HashMap<>();
    private final Map<ActionItemKind, Integer> overdue = new HashMap<>();

    void done(ActionItemKind kind) {
      done.merge(kind, 1, Integer::sum);
    }

    void open(ActionItemKind kind) {
      open.merge(kind, 1, Integer::sum);
    }

    void overdue(ActionItemKind kind) {
      overdue.merge(kind, 1, Integer::sum);
    }

    /** Every kind in the enum's order (technical, then process), then no kind when it has any. */
    List<MonthlyMetrics.KindFigures> figures() {
      List<MonthlyMetrics.KindFigures> figures = new ArrayList<>();
      for (ActionItemKind kind : ActionItemKind.values()) {
        figures.add(figure(kind));
      }
      MonthlyMetrics.KindFigures none = figure(null);
      if (none.done() + none.open() + none.overdue() > 0) {
        figures.add(none);
      }
      return List.copyOf(figures);
    }

    private MonthlyMetrics.KindFigures figure(ActionItemKind kind) {
      return new MonthlyMetrics.KindFigures(
          kind,
          MonthlyMetrics.ItemGroup.of(kind),
          done.getOrDefault(kind, 0),
          open.getOrDefault(kind, 0),
          overdue.getOrDefault(kind, 0));
    }
  }

  private record Improvement(Instant at, String incidentId, String itemId, String line) {}

  private static ItemFigures itemFigures(
      Collection<IncidentSummary> incidents,
      Collection<ActionItemsUpdate> updates,
      Instant start,
      Instant end,
      LocalDate today) {
    Map<Key, IncidentSummary> byKey = new HashMap<>();
    for (IncidentSummary incident : incidents) {
      byKey.put(new Key(incident.incidentId(), incident.detectedAt()), incident);
    }
    // One list per incident; a later update for the same incident replaces an earlier one.
    Map<Key, ActionItemsUpdate> latest = new LinkedHashMap<>();
    for (ActionItemsUpdate update : updates) {
      latest.put(new Key(update.incidentId(), update.detectedAt()), update);
    }
    List<Improvement> improvements = new ArrayList<>();
    List<PastDue> pastDue = new ArrayList<>();
    List<MonthlyMetrics.RunbookChange> runbookChanges = new ArrayList<>();
    KindCounts byKind = new KindCounts();
    int open = 0;
    for (Map.Entry<Key, ActionItemsUpdate> entry : latest.entrySet()) {
      IncidentSummary incident = byKey.get(entry.getKey());
      if (incident != null && incident.falsePositive()) {
        continue;
      }
      String service = incident == null ? UNKNOWN : service(incident);
      Instant detectedAt = entry.getKey().detectedAt();
      boolean ofTheMonth = detectedAt != null && within(detectedAt, start, end);
      for (ActionItem item : entry.getValue().items()) {
        ActionItemStatus status = item.status() == null ? ActionItemStatus.OPEN : item.status();
        if (status == ActionItemStatus.DONE
            && item.updatedAt() != null
            && within(item.updatedAt(), start, end)) {
          improvements.add(
              new Improvement(
                  item.updatedAt(),
                  entry.getKey().incidentId(),
                  item.id(),
                  item.id()
                      + " "
                      + item.action()
                      + " ("
                      + owner(item)
                      + ", "
                      + service
                      + " incident)"));
          byKind.done(item.kind());
          if (item.kind() == ActionItemKind.RUNBOOK_UPDATE) {
            runbookChanges.add(
                new MonthlyMetrics.RunbookChange(
                    item.runbookSection(),
                    entry.getKey().incidentId(),
                    service,
                    item.id(),
                    item.action(),
                    item.link(),
                    item.owner(),
                    item.updatedAt()));
          }
        }
        if (!status.isFinal()) {
          if (ofTheMonth) {
            open++;
            byKind.open(item.kind());
          }
          if (item.dueDate() != null && item.dueDate().isBefore(today)) {
            pastDue.add(new PastDue(item, service));
            byKind.overdue(item.kind());
          }
        }
      }
    }
    improvements.sort(
        Comparator.comparing(Improvement::at)
            .thenComparing(Improvement::incidentId)
            .thenComparing(Improvement::itemId));
    pastDue.sort(
        Comparator.comparing((PastDue p) -> p.item().dueDate())
            .thenComparing(p -> p.service())
            .thenComparing(p -> p.item().id()));
    runbookChanges.sort(
        Comparator.comparing(MonthlyMetrics.RunbookChange::doneAt)
            .thenComparing(MonthlyMetrics.RunbookChange::incidentId)
            .thenComparing(MonthlyMetrics.RunbookChange::itemId));
    return new ItemFigures(
        improvements.stream().map(Improvement::line).toList(),
        open,
        List.copyOf(pastDue),
        byKind.figures(),
        List.copyOf(runbookChanges));
  }

  private static String owner(ActionItem item) {
    return item.owner() == null || item.owner().isBlank() ? "no owner" : item.owner();
  }

  private static List<MonthlyMetrics.Week> weeks(
      YearMonth month, ZoneId zone, List<IncidentSummary> real) {
    List<MonthlyMetrics.Week> weeks = new ArrayList<>();
    LocalDate last = month.atEndOfMonth();
    for (LocalDate monday = month.atDay(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        !monday.isAfter(last);
        monday = monday.plusWeeks(1)) {
      LocalDate from = monday;
      LocalDate to = monday.plusWeeks(1);
      Predicate<IncidentSummary> inWeek =
          incident -> {
            LocalDate day = incident.detectedAt().atZone(zone).toLocalDate();
            return !day.isBefore(from) && day.isBefore(to);
          };
      List<IncidentSummary> ofWeek = real.stream().filter(inWeek).toList();
      weeks.add(
          new MonthlyMetrics.Week(
              monday, ofWeek.size(), meanSeconds(ofWeek, MetricsCalculator::recovery)));
    }
    return List.copyOf(weeks);
  }

  private static java.util.Optional<String> mostIncidents(List<IncidentSummary> real) {
    Map<String, Integer> counts = new TreeMap<>(BY_NAME);
    for (IncidentSummary incident : real) {
      counts.merge(service(incident), 1, Integer::sum);
    }
    return counts.entrySet().stream()
        // the first of the largest, in name order (max would keep the last)
        .reduce((a, b) -> b.getValue() > a.getValue() ? b : a)
        .filter(e -> e.getValue() >= 2)
        .map(
            e ->
                e.getKey()
                    + " had the most incidents ("
                    + e.getValue()
                    + " of "
                    + real.size()
                    + "): look for a common cause in their postmortems");
  }

  private static String pastDueText(List<PastDue> pastDue) {
    StringBuilder text =
        new StringBuilder()
            .append(pastDue.size())
            .append(pastDue.size() == 1 ? " action item is" : " action items are")
            .append(" past due: ");
    for (int i = 0; i < Math.min(PAST_DUE_LISTED, pastDue.size()); i++) {
      ActionItem item = pastDue.get(i).item();
      if (i > 0) {
        text.append("; ");
      }
      text.append(item.id())
          .append(' ')
          .append(item.action())
          .append(" (")
          .append(owner(item))
          .append(", ")
          .append(pastDue.get(i).service())
          .append(", due ")
          .append(item.dueDate())
          .append(')');
    }
    if (pastDue.size() > PAST_DUE_LISTED) {
      text.append("; and ").append(pastDue.size() - PAST_DUE_LISTED).append(" more");
    }
    return text.toString();
  }

  /** {@code 45 s}, {@code 17 min}, {@code 2 h 5 min}: whole units, as people read them. */
  static String durationText(double seconds) {
    long rounded = Math.round(seconds);
    if (rounded < 60) {
      return rounded + " s";
    }
    long minutes = Math.round(seconds / 60);
    if (minutes < 60) {
      return minutes + " min";
    }
    return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
  }
}
