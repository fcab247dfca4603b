package io.incidentresponse.activities.dependencies;

import static io.incidentresponse.activities.prometheus.PrometheusSettings.ERROR_RATIO;
import static io.incidentresponse.activities.prometheus.PrometheusSettings.LATENCY_P95;

import io.incidentresponse.activities.diagnosis.Probe;
import io.incidentresponse.activities.http.CircuitBreakerMitigator;
import io.incidentresponse.activities.oncall.RosterOnCallActivities;
import io.incidentresponse.activities.prometheus.PrometheusClient;
import io.incidentresponse.activities.prometheus.PrometheusClient.Result;
import io.incidentresponse.activities.prometheus.PrometheusClient.Series;
import io.incidentresponse.activities.prometheus.PrometheusProbe;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.activities.prometheus.Reading;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * The DEPENDENCIES probe: the service's upstreams (what it calls) and downstreams (who calls it),
 * from configuration and from Prometheus metrics with caller/callee labels, each measured now and
 * an hour earlier (error ratio, p95 latency) with the queries of {@link DependencySettings}.
 *
 * <ul>
 *   <li>A dependency fails when its error ratio or p95 is above Prometheus's thresholds ({@code
 *       incident.prometheus.error-ratio-threshold}, {@code latency-p95-threshold-seconds}). The
 *       finding is an ANOMALY naming the worst one, an upstream before any downstream (an upstream
 *       can cause the service's errors; a failing caller is more likely their consequence).
 *   <li>For the worst one, a range query finds when its error ratio crossed the threshold ({@link
 *       FindingFacts#DEPENDENCY_ERRORS_RISING_SINCE}, left out when it was above from the window's
 *       start), and the roster names its owner: the team that lists it and who is on call for that
 *       team's first rotation now ({@link FindingFacts#DEPENDENCY_OWNER}).
 *   <li>The facts describe the worst failing dependency only; a healthy finding carries none.
 *   <li>The only proposal: opening the circuit breaker configured for the service's calls to a
 *       failing upstream, when the circuit-breaker mitigation is served. Nothing that changes the
 *       dependency itself: its owner decides that.
 *   <li>No dependency known, or no data for any: HEALTHY with a summary that says so. Prometheus
 *       unreachable or refusing a query: the failure typed by {@link PrometheusClient}. A roster
 *       that cannot answer who is on call leaves the team named and says why.
 * </ul>
 */
public final class DependencyProbe implements Probe {
  static final String UPSTREAM = "upstream";
  static final String DOWNSTREAM = "downstream";

  private static final Duration HOUR = Duration.ofHours(1);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final DependencySettings settings;
  private final PrometheusSettings thresholds;
  private final PrometheusClient prometheus;
  private final RosterOnCallActivities roster;
  private final boolean breakersServed;
  private final Clock clock;

  /**
   * @param roster names the owners; null when no roster is configured
   * @param breakersServed whether the circuit-breaker mitigation is configured (only then is a
   *     breaker proposed)
   */
  public DependencyProbe(
      DependencySettings settings,
      PrometheusSettings prometheus,
      OkHttpClient client,
      RosterOnCallActivities roster,
      boolean breakersServed,
      Clock clock) {
    this.settings = settings;
    this.thresholds = prometheus;
    this.prometheus = new PrometheusClient(prometheus, client);
    this.roster = roster;
    this.breakersServed = breakersServed;
    this.clock = clock;
  }

  @Override
  public Finding inspect(DiagnosisRequest request) {
    return analyzeDependencies(request);
  }

  /** One dependency measured. */
  record Measured(
      String name,
      String direction,
      Reading errors,
      Reading errorsBefore,
      Reading latency,
      Reading latencyBefore,
      boolean erring,
      boolean slow) {
    boolean failing() {
      return erring || slow;
    }

    boolean anyData() {
      return errors.hasValue() || latency.hasValue();
    }

    String line() {
      List<String> parts = new ArrayList<>();
      parts.add(shown("error ratio", errors, errorsBefore));
      parts.add(shown("p95", latency, latencyBefore));
      return name
          + " ("
          + direction
          + "): "
          + String.join(", ", parts)
          + (failing() ? ": FAILING" : "");
    }

    private static String shown(String label, Reading now, Reading before) {
      return label
          + " "
          + now.shown()
          + (now.hasValue() ? " (an hour earlier " + before.shown() + ")" : "");
    }
  }

  public Finding analyzeDependencies(DiagnosisRequest request) {
    String service = request.service();
    Instant now = request.to() != null ? request.to() : clock.instant();
    Set<String> warnings = new LinkedHashSet<>();
    Map<String, String> dependencies = dependencies(request, now, warnings);
    List<String> evidence = new ArrayList<>();
    if (dependencies.isEmpty()) {
      return finding(
          FindingOutcome.HEALTHY,
          "no dependencies known for "
              + service
              + ": configure "
              + DependencySettings.PREFIX
              + ".services."
              + service
              + " or a discovery query",
          List.of(),
          Map.of(),
          List.of());
    }
    List<Measured> measured = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, String> dependency : dependencies.entrySet()) {
      if (index++ == settings.maxDependencies()) {
        evidence.add(
            (dependencies.size() - settings.maxDependencies())
                + " more not measured ("
                + DependencySettings.PREFIX
                + ".max-dependencies "
                + settings.maxDependencies()
                + ")");
        break;
      }
      measured.add(measure(request, dependency.getKey(), dependency.getValue(), now, warnings));
    }
    measured.forEach(m -> evidence.add(m.line()));

    List<Measured> failing =
        measured.stream()
            .filter(Measured::failing)
            .sorted(
                Comparator.comparing((Measured m) -> m.direction().equals(UPSTREAM) ? 0 : 1)
                    .thenComparing(m -> -value(m.errors()))
                    .thenComparing(m -> -value(m.latency()))
                    .thenComparing(Measured::name))
            .toList();
    if (failing.isEmpty()) {
      warnings.forEach(w -> evidence.add("Prometheus warning: " + w));
      boolean anyData = measured.stream().anyMatch(Measured::anyData);
      String names = String.join(", ", measured.stream().map(Measured::name).toList());
      return finding(
          FindingOutcome.HEALTHY,
          anyData
              ? "dependencies of " + service + " within thresholds: " + names
              : "Prometheus has no data for the dependencies of "
                  + service
                  + " ("
                  + names
                  + "): check the queries",
          evidence,
          Map.of(),
          List.of());
    }

    Measured worst = failing.get(0);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(FindingFacts.DEPENDENCY, worst.name());
    facts.put(FindingFacts.DEPENDENCY_DIRECTION, worst.direction());
    putFact(facts, FindingFacts.DEPENDENCY_ERROR_RATIO, worst.errors());
    putFact(facts, FindingFacts.DEPENDENCY_ERROR_RATIO_BEFORE, worst.errorsBefore());
    putFact(facts, FindingFacts.DEPENDENCY_LATENCY_P95, worst.latency());
    putFact(facts, FindingFacts.DEPENDENCY_LATENCY_P95_BEFORE, worst.latencyBefore());

    StringBuilder summary =
        new StringBuilder(worst.name())
            .append(" (")
            .append(worst.direction())
            .append(" of ")
            .append(service)
            .append(") fails: ");
    List<String> problems = new ArrayList<>();
    if (worst.erring()) {
      problems.add("error ratio " + change(worst.errorsBefore(), worst.errors()));
    }
    if (worst.slow()) {
      problems.add("p95 " + change(worst.latencyBefore(), worst.latency()));
    }
    summary.append(String.join(", ", problems));

    PrometheusProbe.Rising rising = rising(request, worst, now, warnings);
    if (rising != null) {
      evidence.add(
          worst.name() + ": " + rising.line(Reading.percent(thresholds.errorRatioThreshold())));
      if (rising.fact()) {
        facts.put(FindingFacts.DEPENDENCY_ERRORS_RISING_SINCE, rising.at().toString());
        summary.append(" since ").append(TIME.format(rising.at()));
      }
    }
    String owner = owner(request, worst.name(), evidence);
    if (owner != null) {
      facts.put(FindingFacts.DEPENDENCY_OWNER, owner);
      summary.append("; owner ").append(owner);
    }
    if (failing.size() > 1) {
      summary
          .append("; also failing: ")
          .append(
              String.join(
                  ", ", failing.subList(1, failing.size()).stream().map(Measured::name).toList()));
    }
    warnings.forEach(w -> evidence.add("Prometheus warning: " + w));
    return finding(
        FindingOutcome.ANOMALY,
        summary.toString(),
        evidence,
        facts,
        breaker(request, worst, summary));
  }

  /** Dependency to its direction, configured ones first; an upstream stays one if it calls too. */
  private Map<String, String> dependencies(
      DiagnosisRequest request, Instant now, Set<String> warnings) {
    String service = request.service();
    DependencySettings.Edges edges = settings.edges(service);
    Map<String, String> found = new LinkedHashMap<>();
    edges.upstreams().forEach(d -> found.putIfAbsent(d, UPSTREAM));
    edges.downstreams().forEach(d -> found.putIfAbsent(d, DOWNSTREAM));
    discover(request, settings.upstreamsQuery(), settings.upstreamLabel(), now, warnings)
        .forEach(d -> found.putIfAbsent(d, UPSTREAM));
    discover(request, settings.downstreamsQuery(), settings.downstreamLabel(), now, warnings)
        .forEach(d -> found.putIfAbsent(d, DOWNSTREAM));
    found.remove(service);
    return found;
  }

  /** The label values of a discovery query's series, the busiest first. */
  private List<String> discover(
      DiagnosisRequest request, String template, String label, Instant now, Set<String> warnings) {
    String promql = settings.discovery(template, request.service(), request.namespace());
    if (promql == null) {
      return List.of();
    }
    Result result = prometheus.instant("dependencies by " + label, promql, now);
    warnings.addAll(result.warnings());
    Map<String, Double> busiest = new LinkedHashMap<>();
    for (Series series : result.series()) {
      String name = series.metric().get(label);
      // Istio names a caller outside the mesh "unknown".
      if (name == null || name.isBlank() || name.equals("unknown")) {
        continue;
      }
      double rate = series.points().isEmpty() ? 0 : series.points().get(0).value();
      busiest.merge(name, Double.isNaN(rate) ? 0 : rate, Double::sum);
    }
    return busiest.entrySet().stream()
        .sorted(
            Map.Entry.<String, Double>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private Measured measure(
      DiagnosisRequest request,
      String dependency,
      String direction,
      Instant now,
      Set<String> warnings) {
    Reading[] errors = readings(request, ERROR_RATIO, dependency, now, warnings);
    Reading[] latency = readings(request, LATENCY_P95, dependency, now, warnings);
    boolean erring = errors[0].hasValue() && errors[0].value() > thresholds.errorRatioThreshold();
    boolean slow =
        latency[0].hasValue() && latency[0].value() > thresholds.latencyP95ThresholdSeconds();
    return new Measured(
        dependency, direction, errors[0], errors[1], latency[0], latency[1], erring, slow);
  }

  /** Now and an hour earlier. */
  private Reading[] readings(
      DiagnosisRequest request, String name, String dependency, Instant now, Set<String> warnings) {
    String promql =
        settings.query(thresholds, name, request.service(), request.namespace(), dependency);
    if (promql == null) {
      return new Reading[] {Reading.off(name), Reading.off(name)};
    }
    String what = name + " of " + dependency;
    Result at = prometheus.instant(what, promql, now);
    Result before = prometheus.instant(what, promql, now.minus(HOUR));
    warnings.addAll(at.warnings());
    warnings.addAll(before.warnings());
    return new Reading[] {Reading.of(name, promql, at), Reading.of(name, promql, before)};
  }

  private PrometheusProbe.Rising rising(
      DiagnosisRequest request, Measured worst, Instant now, Set<String> warnings) {
    String promql = worst.errors().promql();
    Instant from = request.from() != null ? request.from() : now.minus(HOUR);
    if (promql == null || !from.isBefore(now)) {
      return null;
    }
    Duration step = PrometheusProbe.step(thresholds.step(), from, now);
    Result range = prometheus.range(ERROR_RATIO + " of " + worst.name(), promql, from, now, step);
    warnings.addAll(range.warnings());
    return PrometheusProbe.rising(range, from, step, thresholds.errorRatioThreshold());
  }

  /** {@code team payments, on call Alice Example}, or null when no roster lists the dependency. */
  private String owner(DiagnosisRequest request, String dependency, List<String> evidence) {
    if (roster == null) {
      return null;
    }
    String team = roster.teamListing(dependency);
    if (team == null) {
      evidence.add("no team of the roster lists " + dependency);
      return null;
    }
    try {
      EscalationTarget target =
          roster.resolveTarget(
              new EscalationTargetRequest(
                  request.incidentId(), dependency, team, "primary-oncall", 0, clock.instant()));
      if (target.person() == null) {
        evidence.add("on call for team " + team + ": " + target.problem());
        return "team " + team + ", nobody on call";
      }
      evidence.add("on call for team " + team + ": " + target.how());
      return "team " + team + ", on call " + target.person().displayName();
    } catch (ApplicationFailure e) {
      // The owner helps; a calendar that cannot be read must not cost the dependency's evidence.
      evidence.add("on call for team " + team + " unknown: " + e.getOriginalMessage());
      return "team " + team;
    }
  }

  private List<ActionProposal> breaker(DiagnosisRequest request, Measured worst, CharSequence why) {
    String breaker = settings.edges(request.service()).breakers().get(worst.name());
    if (!breakersServed
        || !worst.direction().equals(UPSTREAM)
        || breaker == null
        || breaker.isBlank()) {
      return List.of();
    }
    return List.of(
        new ActionProposal(
            ActionType.CIRCUIT_BREAKER,
            request.namespace(),
            breaker.strip(),
            Map.of(CircuitBreakerMitigator.SERVICE, request.service()),
            null,
            "open " + request.service() + "'s circuit breaker " + breaker.strip() + ": " + why));
  }

  private static String change(Reading before, Reading now) {
    return before.hasValue() ? before.shown() + " -> " + now.shown() : now.shown();
  }

  private static void putFact(Map<String, String> facts, String key, Reading reading) {
    if (reading.hasValue()) {
      facts.put(key, reading.fact());
    }
  }

  private static double value(Reading reading) {
    return reading.hasValue() ? reading.value() : Double.NEGATIVE_INFINITY;
  }

  private Finding finding(
      FindingOutcome outcome,
      String summary,
      List<String> evidence,
      Map<String, String> facts,
      List<ActionProposal> proposals) {
    return new Finding(
        DiagnosisProbe.DEPENDENCIES, outcome, summary, evidence, proposals, clock.instant(), facts);
  }
}
