package io.incidentresponse.workflows.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

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
