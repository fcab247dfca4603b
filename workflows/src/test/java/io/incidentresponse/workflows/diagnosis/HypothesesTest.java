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
}
