package io.incidentresponse.workflows.diagnosis;

import static io.incidentresponse.workflows.diagnosis.FindingFacts.CHANGE_AT;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.CHANGE_REVISION;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.CONFIG_CHANGE_AT;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.CONFIG_CHANGE_AUTHOR;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.CONFIG_CHANGE_COMMIT;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.CONFIG_CHANGE_FILES;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DB_CONNECTIONS;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DB_LONG_QUERIES;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DB_LONG_QUERY_SECONDS;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DB_MAX_CONNECTIONS;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DB_NAME;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DEPENDENCY;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DEPENDENCY_DIRECTION;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DEPENDENCY_ERRORS_RISING_SINCE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DEPENDENCY_ERROR_RATIO;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DEPENDENCY_ERROR_RATIO_BEFORE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DEPENDENCY_LATENCY_P95;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DEPENDENCY_LATENCY_P95_BEFORE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DEPENDENCY_OWNER;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.DEPLOYMENT;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.ERRORS_RISING_SINCE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.ERROR_RATIO;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.ERROR_RATIO_BEFORE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.LATENCY_P95;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.LATENCY_P95_BEFORE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.LOG_TOP_MESSAGE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.NODES_UNHEALTHY;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.PODS_CRASH_LOOPING;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.PODS_IMAGE_PULL;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.PODS_NODES;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.PODS_OOM_KILLED;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.PODS_PENDING;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.REPLICAS;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.REQUEST_RATE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.REQUEST_RATE_BEFORE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.ROLLOUT_AT;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.ROLLOUT_IMAGE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.ROLLOUT_PREVIOUS_IMAGE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.ROLLOUT_PREVIOUS_REVISION;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.ROLLOUT_REVISION;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.TRACE_ERRORS;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.TRACE_FAILING_SERVICE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.TRACE_FAILING_SPAN;

import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ranks likely causes from one diagnosis round by correlating the probes' {@link Finding#facts()}:
 * a deploy shortly before the error ratio rose points to a rollback to the previous revision;
 * OOMKilled pods to more replicas (and a memory limit for a person to raise); connection exhaustion
 * with long queries to terminating them; a traffic surge to scaling out; a sick node hosting the
 * service's pods to draining it; a config change shortly before the errors rose is ranked like a
 * deploy; an upstream dependency whose errors rose before or with the service's own (traces failing
 * in it corroborate) outranks the service's own deploy, and names the dependency's owner for a
 * person to page. Pure and deterministic, so the workflow runs it directly: facts without any of
 * the keys added for issue 17 (git, pod logs, dependencies, traces) rank exactly as before, so old
 * histories replay.
 */
public final class Hypotheses {
  /** A deploy at most this long before the errors rose is a strong suspect. */
  static final Duration STRONG_DEPLOY_GAP = Duration.ofMinutes(15);

  /** A deploy at most this long before the errors rose is still a suspect. */
  static final Duration DEPLOY_GAP = Duration.ofMinutes(60);

  /**
   * A dependency whose errors rose at most this long after the service's own still explains them:
   * the two ratios are sampled at the same step, so "together" is within a step or two.
   */
  static final Duration TOGETHER = Duration.ofMinutes(5);

  /** Above a strong deploy suspect (90): the dependency's errors explain the service's. */
  static final int DEPENDENCY_EXPLAINS = 92;

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Map<String, String> facts = new LinkedHashMap<>();
  private final List<ActionProposal> dependencyProposals = new ArrayList<>();
  private final String service;
  private final String namespace;
  private final Instant detectedAt;

  private Hypotheses(List<Finding> findings, String service, String namespace, Instant detected) {
    for (Finding finding : findings) {
      if (finding.outcome() != FindingOutcome.UNAVAILABLE) {
        finding.facts().forEach(facts::putIfAbsent);
        if (finding.probe() == DiagnosisProbe.DEPENDENCIES) {
          // The probe knows which call has a circuit breaker; the ranking decides its place.
          finding.proposals().stream()
              .filter(p -> p.type() == ActionType.CIRCUIT_BREAKER)
              .forEach(dependencyProposals::add);
        }
      }
    }
    this.service = service;
    this.namespace = namespace;
    this.detectedAt = detected;
  }

  /**
   * The hypotheses the findings support, most likely first (ties by cause name, so the order is
   * stable). Empty when nothing correlates.
   */
  public static List<Hypothesis> rank(
      List<Finding> findings, String service, String namespace, Instant detectedAt) {
    Hypotheses h = new Hypotheses(findings, service, namespace, detectedAt);
    List<Hypothesis> ranked = new ArrayList<>();
    h.badDeploy(ranked);
    h.memory(ranked);
    h.database(ranked);
    h.trafficSurge(ranked);
    h.sickNode(ranked);
    h.crashWithoutDeploy(ranked);
    h.capacity(ranked);
    h.configChange(ranked);
    h.failingDependency(ranked);
    ranked.sort(
        Comparator.comparingInt(Hypothesis::confidence)
            .reversed()
            .thenComparing(Hypothesis::cause));
    return List.copyOf(ranked);
  }

  // ---------------------------------------------------------------- the causes

  private void badDeploy(List<Hypothesis> out) {
    Instant rollout = instant(ROLLOUT_AT);
    Instant change = instant(CHANGE_AT);
    Instant deployedAt = rollout != null ? rollout : change;
    if (deployedAt == null) {
      return;
    }
    Instant risingSince = instant(ERRORS_RISING_SINCE);
    Instant trouble = risingSince != null ? risingSince : detectedAt;
    Duration gap = Duration.between(deployedAt, trouble);
    long broken = count(PODS_CRASH_LOOPING) + count(PODS_IMAGE_PULL);
    List<String> evidence = new ArrayList<>();
    String what =
        rollout != null
            ? "revision "
                + facts.getOrDefault(ROLLOUT_REVISION, "?")
                + image(ROLLOUT_IMAGE)
                + " rolled out at "
                + CLOCK.format(rollout)
            : "deploy " + facts.getOrDefault(CHANGE_REVISION, "?") + " at " + CLOCK.format(change);
    evidence.add(what);
    if (gap.isNegative()) {
      if (broken == 0) {
        evidence.add("the errors began " + minutes(gap.negated()) + " before it");
        out.add(
            new Hypothesis(
                "deploy after the errors began",
                15,
                what + ", " + minutes(gap.negated()) + " after the trouble began: unlikely cause",
                evidence,
                List.of()));
        return;
      }
    } else if (gap.compareTo(DEPLOY_GAP) > 0 && broken == 0) {
      return;
    }
    int confidence = gap.compareTo(STRONG_DEPLOY_GAP) <= 0 ? 90 : 70;
    StringBuilder explanation = new StringBuilder(what);
    if (!gap.isNegative()) {
      explanation
          .append(", ")
          .append(minutes(gap))
          .append(risingSince != null ? " before the error ratio rose" : " before detection");
    }
    String ratio = ratioChange();
    if (ratio != null) {
      explanation.append(" (error ratio ").append(ratio).append(')');
      evidence.add("error ratio " + ratio);
    }
    if (broken > 0) {
      confidence = Math.max(confidence, 85);
      String pods =
          count(PODS_CRASH_LOOPING) > 0
              ? count(PODS_CRASH_LOOPING) + " pod(s) crash-looping"
              : count(PODS_IMAGE_PULL) + " pod(s) cannot pull the image";
      explanation.append("; ").append(pods).append(" since");
      evidence.add(pods);
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    String previous = facts.get(ROLLOUT_PREVIOUS_REVISION);
    if (rollout != null && previous != null) {
      parameters.put(ActionParameters.REVISION, previous);
    }
    String to =
        previous != null && rollout != null
            ? "revision " + previous + image(ROLLOUT_PREVIOUS_IMAGE)
            : "the previous revision";
    out.add(
        new Hypothesis(
            "bad deploy",
            confidence,
            explanation.toString(),
            evidence,
            List.of(
                proposal(
                    ActionType.ROLLBACK,
                    deployment(),
                    parameters,
                    "roll back to " + to + ": " + explanation))));
  }

  private void memory(List<Hypothesis> out) {
    long oom = count(PODS_OOM_KILLED);
    if (oom == 0) {
      return;
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(oom + " pod(s) OOMKilled");
    List<ActionProposal> proposals = new ArrayList<>();
    long replicas = count(REPLICAS);
    String explanation =
        oom + " pod(s) were OOMKilled: the memory limit is too low for the load or the code leaks";
    if (replicas > 0) {
      long wanted = Math.max(replicas + 1, (replicas * 3 + 1) / 2);
      proposals.add(
          proposal(
              ActionType.SCALE,
              deployment(),
              Map.of(ActionParameters.REPLICAS, String.valueOf(wanted)),
              "spread the load over "
                  + wanted
                  + " replicas (from "
                  + replicas
                  + ") while someone raises the memory limit: "
                  + explanation));
    }
    out.add(new Hypothesis("memory exhaustion", 70, explanation, evidence, proposals));
  }

  private void database(List<Hypothesis> out) {
    long used = count(DB_CONNECTIONS);
    long max = count(DB_MAX_CONNECTIONS);
    long longQueries = count(DB_LONG_QUERIES);
    boolean exhausted = max > 0 && used * 10 >= max * 8;
    if (!exhausted && longQueries == 0) {
      return;
    }
    List<String> evidence = new ArrayList<>();
    if (max > 0) {
      evidence.add(used + " of " + max + " database connections in use");
    }
    String database = facts.getOrDefault(DB_NAME, service);
    if (longQueries > 0) {
      String age = facts.getOrDefault(DB_LONG_QUERY_SECONDS, "300");
      evidence.add(longQueries + " queries running longer than " + age + " s");
      String explanation =
          (exhausted ? "connections nearly exhausted (" + used + "/" + max + ") while " : "")
              + longQueries
              + " long-running queries hold them";
      out.add(
          new Hypothesis(
              exhausted ? "database connection exhaustion" : "long-running queries",
              exhausted ? 80 : 45,
              explanation,
              evidence,
              List.of(
                  new ActionProposal(
                      ActionType.TERMINATE_QUERIES,
                      null,
                      database,
                      Map.of(ActionParameters.OLDER_THAN_SECONDS, age),
                      null,
                      "terminate queries older than " + age + " s: " + explanation))));
      return;
    }
    String explanation =
        used + " of " + max + " connections in use and no long query: a connection leak or pool";
    out.add(
        new Hypothesis(
            "connection leak",
            50,
            explanation + " size too large",
            evidence,
            List.of(
                proposal(
                    ActionType.RESTART,
                    deployment(),
                    Map.of(),
                    "restart to release the leaked connections: " + explanation))));
  }

  private void trafficSurge(List<Hypothesis> out) {
    double now = number(REQUEST_RATE);
    double before = number(REQUEST_RATE_BEFORE);
    if (Double.isNaN(now) || Double.isNaN(before) || before <= 0 || now < before * 1.5) {
      return;
    }
    boolean slower = number(LATENCY_P95) > number(LATENCY_P95_BEFORE) * 1.2;
    boolean failing = number(ERROR_RATIO) > number(ERROR_RATIO_BEFORE);
    if (!slower && !failing) {
      return;
    }
    String explanation =
        String.format(
            Locale.ROOT,
            "request rate %.1f/s is %.1fx an hour earlier (%.1f/s)%s",
            now,
            now / before,
            before,
            slower ? " and p95 latency rose" : " and errors rose");
    List<ActionProposal> proposals = new ArrayList<>();
    long replicas = count(REPLICAS);
    if (replicas > 0) {
      long wanted = Math.max(replicas + 1, Math.round(replicas * Math.min(now / before, 3.0)));
      proposals.add(
          proposal(
              ActionType.SCALE,
              deployment(),
              Map.of(ActionParameters.REPLICAS, String.valueOf(wanted)),
              "scale from " + replicas + " to " + wanted + " replicas: " + explanation));
    }
    out.add(new Hypothesis("traffic surge", 60, explanation, List.of(explanation), proposals));
  }

  private void sickNode(List<Hypothesis> out) {
    String unhealthy = facts.get(NODES_UNHEALTHY);
    if (unhealthy == null || unhealthy.isBlank()) {
      return;
    }
    List<String> sick = split(unhealthy);
    List<String> hosting = split(facts.getOrDefault(PODS_NODES, ""));
    List<String> both = sick.stream().filter(hosting::contains).toList();
    List<ActionProposal> proposals = new ArrayList<>();
    for (String node : both.stream().limit(2).toList()) {
      proposals.add(
          new ActionProposal(
              ActionType.DRAIN_NODE,
              null,
              node,
              Map.of(),
              null,
              "drain " + node + ": it is unhealthy and hosts failing pods of " + service));
    }
    String explanation =
        both.isEmpty()
            ? "unhealthy node(s) " + sick + ", none hosting failing pods of " + service
            : "unhealthy node(s) " + both + " host failing pods of " + service;
    out.add(
        new Hypothesis(
            "node failure",
            both.isEmpty() ? 25 : 65,
            explanation,
            List.of("nodes: " + unhealthy),
            proposals));
  }

  private void crashWithoutDeploy(List<Hypothesis> out) {
    long crashing = count(PODS_CRASH_LOOPING);
    if (crashing == 0 || facts.containsKey(ROLLOUT_AT) || facts.containsKey(CHANGE_AT)) {
      return;
    }
    String top = facts.get(LOG_TOP_MESSAGE);
    String explanation =
        crashing
            + " pod(s) crash-looping without a recent deploy: a dependency or configuration"
            + " fails at start"
            + (top == null ? "" : "; most frequent error: " + top);
    out.add(new Hypothesis("application crash", 40, explanation, List.of(explanation), List.of()));
  }

  private void capacity(List<Hypothesis> out) {
    long pending = count(PODS_PENDING);
    if (pending == 0) {
      return;
    }
    String explanation = pending + " pod(s) Pending: the cluster lacks room to schedule them";
    out.add(
        new Hypothesis(
            "insufficient cluster capacity", 35, explanation, List.of(explanation), List.of()));
  }

  /**
   * A config change (Helm values, manifests, feature flags) timed against the errors like a deploy.
   * A rollback is proposed only when the change shipped as a revision the rollout facts show: the
   * ArgoCD deploy of that very commit, or a rollout between the change and the trouble.
   */
  private void configChange(List<Hypothesis> out) {
    Instant changedAt = instant(CONFIG_CHANGE_AT);
    if (changedAt == null) {
      return;
    }
    Instant trouble = trouble();
    Duration gap = Duration.between(changedAt, trouble);
    String commit = facts.get(CONFIG_CHANGE_COMMIT);
    String author = facts.get(CONFIG_CHANGE_AUTHOR);
    String files = facts.get(CONFIG_CHANGE_FILES);
    String what =
        "config change"
            + (commit == null ? "" : " " + commit)
            + (files == null ? "" : " (" + files + ")")
            + (author == null ? "" : " by " + author)
            + " at "
            + CLOCK.format(changedAt);
    List<String> evidence = new ArrayList<>(List.of(what));
    if (gap.isNegative()) {
      evidence.add("the errors began " + minutes(gap.negated()) + " before it");
      out.add(
          new Hypothesis(
              "config change after the errors began",
              15,
              what + ", " + minutes(gap.negated()) + " after the trouble began: unlikely cause",
              evidence,
              List.of()));
      return;
    }
    if (gap.compareTo(DEPLOY_GAP) > 0) {
      return;
    }
    StringBuilder explanation =
        new StringBuilder(what)
            .append(", ")
            .append(minutes(gap))
            .append(
                facts.containsKey(ERRORS_RISING_SINCE)
                    ? " before the error ratio rose"
                    : " before detection");
    String ratio = ratioChange();
    if (ratio != null) {
      explanation.append(" (error ratio ").append(ratio).append(')');
      evidence.add("error ratio " + ratio);
    }
    List<ActionProposal> proposals = new ArrayList<>();
    ActionProposal rollback = configRollback(changedAt, trouble, commit, explanation.toString());
    if (rollback != null) {
      proposals.add(rollback);
    } else {
      explanation.append("; not shipped as a revision seen here: revert it by hand");
    }
    out.add(
        new Hypothesis(
            "config change",
            gap.compareTo(STRONG_DEPLOY_GAP) <= 0 ? 90 : 70,
            explanation.toString(),
            evidence,
            proposals));
  }

  private ActionProposal configRollback(
      Instant changedAt, Instant trouble, String commit, String explanation) {
    String deployed = facts.get(CHANGE_REVISION);
    if (commit != null
        && deployed != null
        && commit.length() >= 7
        && deployed.length() >= 7
        && (deployed.startsWith(commit) || commit.startsWith(deployed))) {
      return proposal(
          ActionType.ROLLBACK,
          deployment(),
          Map.of(),
          "roll back the deploy of " + commit + " to the previous revision: " + explanation);
    }
    Instant rollout = instant(ROLLOUT_AT);
    String previous = facts.get(ROLLOUT_PREVIOUS_REVISION);
    if (rollout == null
        || previous == null
        || rollout.isBefore(changedAt)
        || rollout.isAfter(trouble)) {
      return null;
    }
    return proposal(
        ActionType.ROLLBACK,
        deployment(),
        Map.of(ActionParameters.REVISION, previous),
        "roll back to revision "
            + previous
            + image(ROLLOUT_PREVIOUS_IMAGE)
            + ", before the rollout at "
            + CLOCK.format(rollout)
            + " that shipped it: "
            + explanation);
  }

  /**
   * A failing dependency from the DEPENDENCIES facts, corroborated by the traces; or, without them,
   * the service the error traces fail in when it is another one. An upstream whose errors rose
   * before or with the service's own (or before the service's deploy) explains them and outranks
   * that deploy. Nothing changes the dependency automatically: its owner is named for a person to
   * page, and only a circuit breaker on the call (when the probe found one configured) is proposed.
   */
  private void failingDependency(List<Hypothesis> out) {
    String dependency = facts.get(DEPENDENCY);
    String traced = facts.get(TRACE_FAILING_SERVICE);
    if (dependency == null || dependency.isBlank() || dependency.equals(service)) {
      if (traced != null && !traced.isBlank() && !traced.equals(service)) {
        String explanation = "error traces of " + service + " fail in " + traced + traces();
        out.add(
            new Hypothesis(
                "failing dependency",
                60,
                explanation + "; find who owns " + traced,
                List.of(explanation),
                List.of()));
      }
      return;
    }
    boolean corroborated = dependency.equals(traced);
    List<String> evidence = new ArrayList<>();
    StringBuilder explanation = new StringBuilder(dependency).append(" fails:");
    String ratio = change(DEPENDENCY_ERROR_RATIO_BEFORE, DEPENDENCY_ERROR_RATIO, true);
    Instant since = instant(DEPENDENCY_ERRORS_RISING_SINCE);
    if (ratio != null) {
      String line =
          " error ratio " + ratio + (since == null ? "" : " since " + CLOCK.format(since));
      explanation.append(line);
      evidence.add(dependency + line);
    }
    String latency = change(DEPENDENCY_LATENCY_P95_BEFORE, DEPENDENCY_LATENCY_P95, false);
    if (latency != null) {
      explanation.append(ratio == null ? "" : ",").append(" p95 ").append(latency);
      evidence.add(dependency + " p95 " + latency);
    }
    if (corroborated) {
      String line = "error traces fail in " + dependency + traces();
      explanation.append("; ").append(line);
      evidence.add(line);
    }
    int confidence;
    String cause = "failing dependency";
    if ("downstream".equals(facts.get(DEPENDENCY_DIRECTION))) {
      // It calls the service: its failure is more likely a consequence than the cause.
      cause = "failing caller";
      confidence = 20;
      explanation.append("; it calls ").append(service).append(": more likely a consequence");
    } else {
      Instant own = trouble();
      Instant deployedAt = instant(ROLLOUT_AT) != null ? instant(ROLLOUT_AT) : instant(CHANGE_AT);
      if (since == null) {
        confidence = corroborated ? 85 : 75;
      } else if (!since.isAfter(own.plus(TOGETHER))
          || (deployedAt != null && since.isBefore(deployedAt))) {
        confidence = DEPENDENCY_EXPLAINS + (corroborated ? 3 : 0);
        String when =
            since.isAfter(own)
                ? "with " + service + "'s own errors"
                : minutes(Duration.between(since, own)) + " before " + service + "'s own errors";
        explanation.append("; rose ").append(when);
        if (deployedAt != null && since.isBefore(deployedAt)) {
          explanation.append(", before ").append(service).append("'s deploy");
        }
      } else {
        confidence = 40;
        explanation
            .append("; rose ")
            .append(minutes(Duration.between(own, since)))
            .append(" after ")
            .append(service)
            .append("'s own errors: more likely a consequence");
      }
    }
    String owner = facts.get(DEPENDENCY_OWNER);
    explanation
        .append("; ")
        .append(
            owner == null || owner.isBlank()
                ? "owner unknown: find who owns " + dependency
                : "owner " + owner);
    String text = explanation.toString();
    List<ActionProposal> proposals = new ArrayList<>();
    for (ActionProposal breaker : dependencyProposals) {
      proposals.add(
          new ActionProposal(
              breaker.type(),
              breaker.namespace(),
              breaker.target(),
              breaker.parameters(),
              breaker.risk(),
              "open the circuit breaker on the calls to " + dependency + ": " + text));
    }
    out.add(new Hypothesis(cause, confidence, text, evidence, proposals));
  }

  // ---------------------------------------------------------------- helpers

  /** When the service's trouble began: its errors' rise, else detection. */
  private Instant trouble() {
    Instant risingSince = instant(ERRORS_RISING_SINCE);
    return risingSince != null ? risingSince : detectedAt;
  }

  /** {@code (span X, N error traces)}, from what the traces say. */
  private String traces() {
    String span = facts.get(TRACE_FAILING_SPAN);
    long errors = count(TRACE_ERRORS);
    List<String> parts = new ArrayList<>();
    if (span != null && !span.isBlank()) {
      parts.add("span " + span);
    }
    if (errors > 0) {
      parts.add(errors + " error traces");
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  /** {@code before -> now} of a ratio (as percent) or seconds, or null without a value now. */
  private String change(String beforeKey, String nowKey, boolean ratio) {
    double now = number(nowKey);
    if (Double.isNaN(now)) {
      return null;
    }
    double before = number(beforeKey);
    String shownNow = ratio ? percent(now) : seconds(now);
    return Double.isNaN(before)
        ? shownNow
        : (ratio ? percent(before) : seconds(before)) + " -> " + shownNow;
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.2f s", value);
  }

  private ActionProposal proposal(
      ActionType type, String target, Map<String, String> parameters, String rationale) {
    return new ActionProposal(type, namespace, target, parameters, null, rationale);
  }

  private String deployment() {
    String deployment = facts.get(DEPLOYMENT);
    return deployment == null || deployment.isBlank() ? service : deployment;
  }

  private String image(String key) {
    String image = facts.get(key);
    return image == null ? "" : " (" + image + ")";
  }

  private String ratioChange() {
    double now = number(ERROR_RATIO);
    if (Double.isNaN(now)) {
      return null;
    }
    double before = number(ERROR_RATIO_BEFORE);
    return Double.isNaN(before) ? percent(now) : percent(before) + " -> " + percent(now);
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static String minutes(Duration duration) {
    return duration.toMinutes() + " min";
  }

  private long count(String key) {
    double value = number(key);
    return Double.isNaN(value) ? 0 : (long) value;
  }

  private double number(String key) {
    String value = facts.get(key);
    if (value == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private Instant instant(String key) {
    String value = facts.get(key);
    try {
      return value == null ? null : Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
