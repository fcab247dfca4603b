package io.incidentresponse.workflows.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HypothesesTest {
  private static final Instant DETECTED = Instant.parse("2026-11-26T14:20:00Z");

  private static Finding finding(DiagnosisProbe probe, Map<String, String> facts) {
    return new Finding(
        probe, FindingOutcome.ANOMALY, probe.name(), List.of(), List.of(), DETECTED, facts);
  }

  private static Finding rollout(String at) {
    return finding(
        DiagnosisProbe.ROLLOUT_HISTORY,
        Map.of(
            FindingFacts.DEPLOYMENT, "checkout",
            FindingFacts.REPLICAS, "3",
            FindingFacts.ROLLOUT_AT, at,
            FindingFacts.ROLLOUT_REVISION, "3",
            FindingFacts.ROLLOUT_IMAGE, "checkout:1.4.2",
            FindingFacts.ROLLOUT_PREVIOUS_REVISION, "2",
            FindingFacts.ROLLOUT_PREVIOUS_IMAGE, "checkout:1.4.1"));
  }

  private static Finding errorsRising(String since) {
    return finding(
        DiagnosisProbe.SERVICE_METRICS,
        Map.of(
            FindingFacts.ERROR_RATIO, "0.124",
            FindingFacts.ERROR_RATIO_BEFORE, "0.003",
            FindingFacts.ERRORS_RISING_SINCE, since,
            FindingFacts.REQUEST_RATE, "40",
            FindingFacts.REQUEST_RATE_BEFORE, "38"));
  }

  private static List<Hypothesis> rank(Finding... findings) {
    return Hypotheses.rank(List.of(findings), "checkout", "shop", DETECTED);
  }

  @Test
  void deployTenMinutesBeforeErrorsRose_ranksBadDeployFirstWithRollbackToPreviousRevision() {
    List<Hypothesis> ranked =
        rank(errorsRising("2026-11-26T14:15:00Z"), rollout("2026-11-26T14:05:00Z"));

    Hypothesis top = ranked.get(0);
    assertThat(top.cause()).isEqualTo("bad deploy");
    assertThat(top.confidence()).isEqualTo(90);
    assertThat(top.explanation())
        .isEqualTo(
            "revision 3 (checkout:1.4.2) rolled out at 14:05, 10 min before the error ratio rose"
                + " (error ratio 0.3% -> 12.4%)");
    assertThat(top.proposals())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.type()).isEqualTo(ActionType.ROLLBACK);
              assertThat(p.namespace()).isEqualTo("shop");
              assertThat(p.target()).isEqualTo("checkout");
              assertThat(p.parameters()).containsExactlyEntriesOf(Map.of("revision", "2"));
              assertThat(p.rationale()).startsWith("roll back to revision 2 (checkout:1.4.1): ");
            });
  }

  @Test
  void deployFortyMinutesBefore_isASuspectWithLowerConfidence() {
    List<Hypothesis> ranked =
        rank(errorsRising("2026-11-26T14:15:00Z"), rollout("2026-11-26T13:35:00Z"));

    assertThat(ranked).extracting(Hypothesis::cause).containsExactly("bad deploy");
    assertThat(ranked.get(0).confidence()).isEqualTo(70);
  }

  @Test
  void deployAfterTheErrorsBegan_isUnlikelyAndProposesNothing() {
    List<Hypothesis> ranked =
        rank(errorsRising("2026-11-26T14:00:00Z"), rollout("2026-11-26T14:10:00Z"));

    assertThat(ranked)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.cause()).isEqualTo("deploy after the errors began");
              assertThat(h.confidence()).isEqualTo(15);
              assertThat(h.proposals()).isEmpty();
            });
  }

  @Test
  void deployTwoHoursBefore_withHealthyPods_isNoSuspect() {
    assertThat(rank(errorsRising("2026-11-26T14:15:00Z"), rollout("2026-11-26T12:15:00Z")))
        .isEmpty();
  }

  @Test
  void oomKilledPods_proposeScalingByHalfAgain() {
    Finding pods =
        finding(
            DiagnosisProbe.POD_HEALTH,
            Map.of(
                FindingFacts.DEPLOYMENT, "checkout",
                FindingFacts.REPLICAS, "4",
                FindingFacts.PODS_OOM_KILLED, "2"));

    Hypothesis top = rank(pods).get(0);

    assertThat(top.cause()).isEqualTo("memory exhaustion");
    assertThat(top.proposals())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.type()).isEqualTo(ActionType.SCALE);
              assertThat(p.parameters()).containsEntry("replicas", "6");
            });
  }

  @Test
  void connectionExhaustionWithLongQueries_proposesTerminatingThemAndOutranksMemory() {
    Finding database =
        finding(
            DiagnosisProbe.DATABASE_CONNECTIONS,
            Map.of(
                FindingFacts.DB_CONNECTIONS, "92",
                FindingFacts.DB_MAX_CONNECTIONS, "100",
                FindingFacts.DB_LONG_QUERIES, "3",
                FindingFacts.DB_LONG_QUERY_SECONDS, "300",
                FindingFacts.DB_NAME, "orders"));
    Finding pods =
        finding(
            DiagnosisProbe.POD_HEALTH,
            Map.of(FindingFacts.REPLICAS, "2", FindingFacts.PODS_OOM_KILLED, "1"));

    List<Hypothesis> ranked = rank(pods, database);

    assertThat(ranked)
        .extracting(Hypothesis::cause)
        .containsExactly("database connection exhaustion", "memory exhaustion");
    assertThat(ranked.get(0).proposals())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.type()).isEqualTo(ActionType.TERMINATE_QUERIES);
              assertThat(p.target()).isEqualTo("orders");
              assertThat(p.parameters()).containsEntry("olderThanSeconds", "300");
            });
  }

  @Test
  void exhaustionWithoutLongQueries_pointsToALeakAndARestart() {
    Finding database =
        finding(
            DiagnosisProbe.DATABASE_CONNECTIONS,
            Map.of(FindingFacts.DB_CONNECTIONS, "85", FindingFacts.DB_MAX_CONNECTIONS, "100"));

    Hypothesis top = rank(database).get(0);

    assertThat(top.cause()).isEqualTo("connection leak");
    assertThat(top.proposals()).extracting(p -> p.type()).containsExactly(ActionType.RESTART);
  }

  @Test
  void trafficSurgeWithSlowerResponses_proposesScalingOut() {
    Finding metrics =
        finding(
            DiagnosisProbe.SERVICE_METRICS,
            Map.of(
                FindingFacts.REQUEST_RATE, "300",
                FindingFacts.REQUEST_RATE_BEFORE, "100",
                FindingFacts.LATENCY_P95, "2.4",
                FindingFacts.LATENCY_P95_BEFORE, "0.3"));
    Finding pods = finding(DiagnosisProbe.POD_HEALTH, Map.of(FindingFacts.REPLICAS, "3"));

    Hypothesis top = rank(metrics, pods).get(0);

    assertThat(top.cause()).isEqualTo("traffic surge");
    assertThat(top.proposals().get(0).parameters()).containsEntry("replicas", "9");
  }

  @Test
  void sickNodeHostingFailingPods_proposesDrainingIt() {
    Finding pods =
        finding(DiagnosisProbe.POD_HEALTH, Map.of(FindingFacts.PODS_NODES, "node-b, node-c"));
    Finding nodes =
        finding(DiagnosisProbe.NODE_HEALTH, Map.of(FindingFacts.NODES_UNHEALTHY, "node-b"));

    Hypothesis top = rank(pods, nodes).get(0);

    assertThat(top.cause()).isEqualTo("node failure");
    assertThat(top.confidence()).isEqualTo(65);
    assertThat(top.proposals())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.type()).isEqualTo(ActionType.DRAIN_NODE);
              assertThat(p.target()).isEqualTo("node-b");
            });
  }

  @Test
  void factsOfAnUnavailableFinding_areIgnored() {
    Finding stale =
        new Finding(
            DiagnosisProbe.POD_HEALTH,
            FindingOutcome.UNAVAILABLE,
            "probe failed",
            List.of(),
            List.of(),
            DETECTED,
            Map.of(FindingFacts.PODS_OOM_KILLED, "3", FindingFacts.REPLICAS, "3"));

    assertThat(rank(stale)).isEmpty();
  }

  // ---------------------------------------------------------------- dependencies, config (issue
  // 17)

  private static Finding paymentsFailing(String since) {
    Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put(FindingFacts.DEPENDENCY, "payments");
    facts.put(FindingFacts.DEPENDENCY_DIRECTION, "upstream");
    facts.put(FindingFacts.DEPENDENCY_ERROR_RATIO, "0.31");
    facts.put(FindingFacts.DEPENDENCY_ERROR_RATIO_BEFORE, "0.002");
    if (since != null) {
      facts.put(FindingFacts.DEPENDENCY_ERRORS_RISING_SINCE, since);
    }
    facts.put(FindingFacts.DEPENDENCY_OWNER, "team payments, on call Alice");
    return finding(DiagnosisProbe.DEPENDENCIES, facts);
  }

  private static Finding tracesFailingIn(String service) {
    return finding(
        DiagnosisProbe.TRACES,
        Map.of(
            FindingFacts.TRACE_ERRORS,
            "37",
            FindingFacts.TRACE_FAILING_SERVICE,
            service,
            FindingFacts.TRACE_FAILING_SPAN,
            service + " POST /charge"));
  }

  @Test
  void upstreamFailingBeforeTheServicesErrors_outranksTheServicesOwnDeployAndNamesItsOwner() {
    List<Hypothesis> ranked =
        rank(
            errorsRising("2026-11-26T14:05:00Z"),
            rollout("2026-11-26T14:00:00Z"),
            paymentsFailing("2026-11-26T14:02:00Z"),
            tracesFailingIn("payments"));

    assertThat(ranked).extracting(Hypothesis::cause).startsWith("failing dependency", "bad deploy");
    Hypothesis top = ranked.get(0);
    assertThat(top.confidence()).isGreaterThan(ranked.get(1).confidence());
    assertThat(top.explanation())
        .isEqualTo(
            "payments fails: error ratio 0.2% -> 31.0% since 14:02; error traces fail in payments"
                + " (span payments POST /charge, 37 error traces); rose 3 min before checkout's own"
                + " errors; owner team payments, on call Alice");
    assertThat(top.proposals()).isEmpty();
  }

  @Test
  void upstreamFailingWithTheServicesErrors_afterItsDeploy_stillOutranksTheDeploy() {
    // The deploy came 5 minutes before, both error ratios crossed within one step of each other.
    List<Hypothesis> ranked =
        rank(
            errorsRising("2026-11-26T14:05:00Z"),
            rollout("2026-11-26T14:00:00Z"),
            paymentsFailing("2026-11-26T14:06:00Z"));

    assertThat(ranked).extracting(Hypothesis::cause).startsWith("failing dependency", "bad deploy");
    assertThat(ranked.get(0).explanation()).contains("rose with checkout's own errors");
  }

  @Test
  void upstreamWhoseErrorsRoseLongAfterTheServicesOwn_leavesTheDeployFirst() {
    List<Hypothesis> ranked =
        rank(
            errorsRising("2026-11-26T14:05:00Z"),
            rollout("2026-11-26T14:00:00Z"),
            paymentsFailing("2026-11-26T14:18:00Z"));

    assertThat(ranked).extracting(Hypothesis::cause).startsWith("bad deploy", "failing dependency");
    assertThat(ranked.get(1).explanation())
        .contains("rose 13 min after checkout's own errors: more likely a consequence");
  }

  @Test
  void healthyDependencies_ownDeployWinsAndTracesFailingInTheServiceItselfAddNoCause() {
    // A healthy DEPENDENCIES finding states no dependency facts.
    Finding healthy =
        new Finding(
            DiagnosisProbe.DEPENDENCIES,
            FindingOutcome.HEALTHY,
            "dependencies of checkout healthy",
            List.of("payments (upstream): error ratio 0.1%"),
            List.of(),
            DETECTED,
            Map.of());

    List<Hypothesis> ranked =
        rank(
            errorsRising("2026-11-26T14:15:00Z"),
            rollout("2026-11-26T14:05:00Z"),
            healthy,
            tracesFailingIn("checkout"));

    assertThat(ranked).extracting(Hypothesis::cause).containsExactly("bad deploy");
  }

  @Test
  void aCircuitBreakerTheProbeFound_isTheOnlyProposalAndNamesTheDependency() {
    ActionProposal breaker =
        new ActionProposal(
            ActionType.CIRCUIT_BREAKER,
            "shop",
            "payments",
            Map.of("service", "checkout"),
            null,
            "payments fails");
    Finding dependencies = paymentsFailing("2026-11-26T14:02:00Z");
    Finding withBreaker =
        new Finding(
            DiagnosisProbe.DEPENDENCIES,
            FindingOutcome.ANOMALY,
            "payments fails",
            List.of(),
            List.of(breaker),
            DETECTED,
            dependencies.facts());

    Hypothesis top = rank(errorsRising("2026-11-26T14:05:00Z"), withBreaker).get(0);

    assertThat(top.cause()).isEqualTo("failing dependency");
    assertThat(top.proposals())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.sameEffectAs(breaker)).isTrue();
              assertThat(p.rationale())
                  .startsWith("open the circuit breaker on the calls to payments: payments fails:")
                  .endsWith("owner team payments, on call Alice");
            });
  }

  @Test
  void failingCaller_isALowRankedConsequence() {
    Map<String, String> facts = new java.util.LinkedHashMap<>(paymentsFailing(null).facts());
    facts.put(FindingFacts.DEPENDENCY, "storefront");
    facts.put(FindingFacts.DEPENDENCY_DIRECTION, "downstream");
    facts.remove(FindingFacts.DEPENDENCY_OWNER);

    Hypothesis only = rank(finding(DiagnosisProbe.DEPENDENCIES, facts)).get(0);

    assertThat(only.cause()).isEqualTo("failing caller");
    assertThat(only.confidence()).isEqualTo(20);
    assertThat(only.explanation()).endsWith("owner unknown: find who owns storefront");
  }

  @Test
  void tracesFailingInAnotherService_withoutDependencyFacts_pointToIt() {
    Hypothesis only = rank(tracesFailingIn("payments")).get(0);

    assertThat(only.cause()).isEqualTo("failing dependency");
    assertThat(only.confidence()).isEqualTo(60);
    assertThat(only.explanation())
        .isEqualTo(
            "error traces of checkout fail in payments (span payments POST /charge, 37 error"
                + " traces); find who owns payments");
  }

  private static Finding configChange(String at, String commit) {
    return finding(
        DiagnosisProbe.GIT_CHANGES,
        Map.of(
            FindingFacts.CONFIG_CHANGE_AT,
            at,
            FindingFacts.CONFIG_CHANGE_COMMIT,
            commit,
            FindingFacts.CONFIG_CHANGE_FILES,
            "helm/checkout/values.yaml",
            FindingFacts.CONFIG_CHANGE_AUTHOR,
            "Bob"));
  }

  @Test
  void configChangeTenMinutesBeforeTheErrors_notShippedAsARevision_isASuspectWithoutProposal() {
    List<Hypothesis> ranked =
        rank(
            errorsRising("2026-11-26T14:15:00Z"),
            configChange("2026-11-26T14:05:00Z", "0123456789ab"));

    assertThat(ranked)
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.cause()).isEqualTo("config change");
              assertThat(h.confidence()).isEqualTo(90);
              assertThat(h.explanation())
                  .isEqualTo(
                      "config change 0123456789ab (helm/checkout/values.yaml) by Bob at 14:05, 10"
                          + " min before the error ratio rose (error ratio 0.3% -> 12.4%); not"
                          + " shipped as a revision seen here: revert it by hand");
              assertThat(h.proposals()).isEmpty();
            });
  }

  @Test
  void configChangeShippedByTheRolloutAfterIt_proposesRollingThatRolloutBack() {
    List<Hypothesis> ranked =
        rank(
            errorsRising("2026-11-26T14:15:00Z"),
            configChange("2026-11-26T14:05:00Z", "0123456789ab"),
            rollout("2026-11-26T14:08:00Z"));

    Hypothesis config =
        ranked.stream().filter(h -> h.cause().equals("config change")).findFirst().orElseThrow();
    assertThat(config.proposals())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.type()).isEqualTo(ActionType.ROLLBACK);
              assertThat(p.target()).isEqualTo("checkout");
              assertThat(p.parameters()).containsExactlyEntriesOf(Map.of("revision", "2"));
            });
  }

  @Test
  void configChangeDeployedByArgoCd_proposesRollingThatDeployBack() {
    Finding argo =
        finding(
            DiagnosisProbe.RECENT_CHANGES,
            Map.of(
                FindingFacts.CHANGE_AT, "2026-11-26T14:07:00Z",
                FindingFacts.CHANGE_REVISION, "0123456789abcdef0123456789abcdef01234567"));

    List<Hypothesis> ranked =
        rank(
            errorsRising("2026-11-26T14:15:00Z"),
            configChange("2026-11-26T14:05:00Z", "0123456789ab"),
            argo);

    Hypothesis config =
        ranked.stream().filter(h -> h.cause().equals("config change")).findFirst().orElseThrow();
    assertThat(config.proposals()).extracting(p -> p.type()).containsExactly(ActionType.ROLLBACK);
    assertThat(config.proposals().get(0).rationale())
        .startsWith("roll back the deploy of 0123456789ab to the previous revision");
  }

  @Test
  void configChangeAfterTheErrorsBegan_isUnlikely_andOneTwoHoursBefore_isNoSuspect() {
    assertThat(
            rank(
                errorsRising("2026-11-26T14:00:00Z"),
                configChange("2026-11-26T14:10:00Z", "0123456789ab")))
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.cause()).isEqualTo("config change after the errors began");
              assertThat(h.confidence()).isEqualTo(15);
            });
    assertThat(
            rank(
                errorsRising("2026-11-26T14:15:00Z"),
                configChange("2026-11-26T12:15:00Z", "0123456789ab")))
        .isEmpty();
  }

  @Test
  void dependencyNamedLikeTheServiceItself_orAShortDeployedRevision_doNotMislead() {
    Map<String, String> facts = new java.util.LinkedHashMap<>(paymentsFailing(null).facts());
    facts.put(FindingFacts.DEPENDENCY, "checkout");
    Finding argo =
        finding(
            DiagnosisProbe.RECENT_CHANGES,
            Map.of(
                FindingFacts.CHANGE_AT, "2026-11-26T14:07:00Z", FindingFacts.CHANGE_REVISION, "0"));

    List<Hypothesis> ranked =
        rank(
            errorsRising("2026-11-26T14:15:00Z"),
            finding(DiagnosisProbe.DEPENDENCIES, facts),
            configChange("2026-11-26T14:05:00Z", "0123456789ab"),
            argo);

    assertThat(ranked).extracting(Hypothesis::cause).doesNotContain("failing dependency");
    assertThat(ranked)
        .filteredOn(h -> h.cause().equals("config change"))
        .singleElement()
        .satisfies(h -> assertThat(h.proposals()).isEmpty());
  }

  // ---------------------------------------------------------------- replay safety (issue 17)

  /**
   * The fixtures above and a few more, each alone and in every pair: none carries a key added for
   * issue 17 (git, pod logs, dependencies, traces).
   */
  private static Map<String, Finding> fixturesBeforeIssue17() {
    Map<String, Finding> fixtures = new java.util.LinkedHashMap<>();
    fixtures.put("rising 14:15", errorsRising("2026-11-26T14:15:00Z"));
    fixtures.put("rising 14:00", errorsRising("2026-11-26T14:00:00Z"));
    fixtures.put("rollout 14:05", rollout("2026-11-26T14:05:00Z"));
    fixtures.put("rollout 13:35", rollout("2026-11-26T13:35:00Z"));
    fixtures.put("rollout 14:10", rollout("2026-11-26T14:10:00Z"));
    fixtures.put("rollout 12:15", rollout("2026-11-26T12:15:00Z"));
    fixtures.put(
        "argocd 14:02",
        finding(
            DiagnosisProbe.RECENT_CHANGES,
            Map.of(
                FindingFacts.CHANGE_AT, "2026-11-26T14:02:00Z",
                FindingFacts.CHANGE_REVISION, "a1b2c3d",
                FindingFacts.CHANGE_PREVIOUS_REVISION, "9f8e7d6")));
    fixtures.put(
        "oom",
        finding(
            DiagnosisProbe.POD_HEALTH,
            Map.of(
                FindingFacts.DEPLOYMENT, "checkout",
                FindingFacts.REPLICAS, "4",
                FindingFacts.PODS_OOM_KILLED, "2")));
    fixtures.put(
        "crash-looping",
        finding(
            DiagnosisProbe.KUBERNETES_EVENTS,
            Map.of(FindingFacts.PODS_CRASH_LOOPING, "2", FindingFacts.PODS_PENDING, "1")));
    fixtures.put(
        "exhausted with long queries",
        finding(
            DiagnosisProbe.DATABASE_CONNECTIONS,
            Map.of(
                FindingFacts.DB_CONNECTIONS, "92",
                FindingFacts.DB_MAX_CONNECTIONS, "100",
                FindingFacts.DB_LONG_QUERIES, "3",
                FindingFacts.DB_LONG_QUERY_SECONDS, "300",
                FindingFacts.DB_NAME, "orders")));
    fixtures.put(
        "leak",
        finding(
            DiagnosisProbe.DATABASE_CONNECTIONS,
            Map.of(FindingFacts.DB_CONNECTIONS, "85", FindingFacts.DB_MAX_CONNECTIONS, "100")));
    fixtures.put(
        "surge",
        finding(
            DiagnosisProbe.SERVICE_METRICS,
            Map.of(
                FindingFacts.REQUEST_RATE, "300",
                FindingFacts.REQUEST_RATE_BEFORE, "100",
                FindingFacts.LATENCY_P95, "2.4",
                FindingFacts.LATENCY_P95_BEFORE, "0.3")));
    fixtures.put(
        "sick node",
        finding(
            DiagnosisProbe.NODE_HEALTH,
            Map.of(
                FindingFacts.NODES_UNHEALTHY,
                "node-b",
                FindingFacts.PODS_NODES,
                "node-b, node-c")));
    fixtures.put(
        "logs",
        finding(DiagnosisProbe.ERROR_LOGS, Map.of(FindingFacts.LOG_TOP_MESSAGE, "timeout")));
    return fixtures;
  }

  private static String render(List<Hypothesis> ranked) {
    StringBuilder text = new StringBuilder();
    for (Hypothesis h : ranked) {
      text.append("  ").append(h.describe()).append('\n');
      h.evidence().forEach(e -> text.append("    evidence: ").append(e).append('\n'));
      h.proposals()
          .forEach(
              p ->
                  text.append("    proposal: ")
                      .append(p.describe())
                      .append(" risk=")
                      .append(p.risk())
                      .append(" -- ")
                      .append(p.rationale())
                      .append('\n'));
    }
    return text.toString();
  }

  /** Every fixture alone and every pair of them, ranked and rendered. */
  private static String rankedFixturesBeforeIssue17() {
    List<Map.Entry<String, Finding>> fixtures = List.copyOf(fixturesBeforeIssue17().entrySet());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < fixtures.size(); i++) {
      for (int j = i; j < fixtures.size(); j++) {
        List<Finding> findings =
            i == j
                ? List.of(fixtures.get(i).getValue())
                : List.of(fixtures.get(i).getValue(), fixtures.get(j).getValue());
        String name =
            i == j
                ? fixtures.get(i).getKey()
                : fixtures.get(i).getKey() + " + " + fixtures.get(j).getKey();
        text.append(name)
            .append(":\n")
            .append(render(Hypotheses.rank(findings, "checkout", "shop", DETECTED)));
      }
    }
    return text.toString();
  }

  /**
   * Old histories replay through {@code rank}: without any key added for issue 17 it must answer
   * exactly what it answered before (recorded from the code of commit eb88d35).
   */
  @Test
  void factsWithoutIssue17Keys_rankExactlyAsBeforeIssue17() throws java.io.IOException {
    String expected;
    try (java.io.InputStream in =
        HypothesesTest.class.getResourceAsStream("/diagnosis/hypotheses-before-issue-17.txt")) {
      assertThat(in).as("recorded ranking").isNotNull();
      expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String actual = rankedFixturesBeforeIssue17();
    assertThat(actual).isEqualTo(expected);
  }
}
