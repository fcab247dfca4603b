package io.incidentresponse.activities.metrics;

import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.metrics.ActionItemsUpdate;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.postmortem.ActionItem;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Twenty incidents for the October 2026 metrics (UTC), written so every figure can be computed by
 * hand: 18 detected in October (two false positives, one never acknowledged, one restored but not
 * yet resolved, one declared by a person with no alert) and two in September (checkout, for MTBF's
 * first gap). Times are whole minutes after detection: {@code d} first alert before it, {@code a}
 * acknowledgement, {@code t} service restored, {@code r} resolution. Most resolve after the 2x
 * monitoring window ({@code r = 3t}); 06 was resolved by hand without a restoration ({@code t = r},
 * as the workflow records it); 10, 11, 15 and 18 had other windows (the alerts ended at their
 * source before the mitigation, a longer minimum window); 04, 09 and 17 were recorded before the
 * restoration was kept ({@code t} blank: the resolution stands in). Response times are the
 * runbook's (P0 15 min, P1 1 h, P2 4 h, P3 none).
 *
 * <pre>
 *  #   id (workflow id)                 service      sev type             detected (UTC)  d   a    t   r
 *  s1  checkout-HighErrorRate           checkout     P1  HighErrorRate    09-20 10:00     2   5    20  60
 *  s2  checkout-HighLatency-0928        checkout     P2  HighLatency      09-28 12:00     3   20   30  90
 *  01  checkout-HighErrorRate (reused)  checkout     P1  HighErrorRate    10-02 10:00     2   5    20  60
 *  02  payments-PaymentFailures-1003    payments     P0  PaymentFailures  10-03 14:00     1   10   15  45
 *  03  checkout-HighLatency-1005        checkout     P2  HighLatency      10-05 09:00     4   30   40  120
 *  04  search-DiskPressure-1006         search       P3  DiskPressure     10-06 08:00     10  120  -   300
 *  05  checkout-HighErrorRate (reused)  checkout     P1  HighErrorRate    10-08 16:00     3   70   60  180
 *  06  api-gateway-GatewayDown-1010     api-gateway  P0  GatewayDown      10-10 02:00     1   35   50  50
 *  07  payments-HighLatency-1012        payments     P2  HighLatency      10-12 11:00     5   15   30  90
 *  08  checkout-HighErrorRate-1013      checkout     P2  HighErrorRate    10-13 13:00     false positive
 *  09  search-HighLatency-1014          search       P2  HighLatency      10-14 15:00     6   40   -   100
 *  10  checkout-HighErrorRate-1016      checkout     P0  HighErrorRate    10-16 20:00     2   8    20  70
 *  11  payments-PaymentFailures-1019    payments     P1  PaymentFailures  10-19 09:30     3   -    10  40
 *  12  api-gateway-HighLatency-1020     api-gateway  P2  HighLatency      10-20 10:00     false positive
 *  13  checkout-declared-1021           checkout     P3  declared         10-21 12:00     -   60   80  240
 *  14  search-HighErrorRate-1023        search       P1  HighErrorRate    10-23 07:00     2   25   50  150
 *  15  payments-PaymentFailures-1026    payments     P0  PaymentFailures  10-26 18:00     1   15   10  35
 *  16  checkout-HighLatency-1028        checkout     P1  HighLatency      10-28 22:00     4   45   30  -
 *  17  api-gateway-GatewayDown-1030     api-gateway  P1  GatewayDown      10-30 06:00     2   50   -   80
 *  18  checkout-HighErrorRate-1031      checkout     P2  HighErrorRate    10-31 23:30     3   100  70  200
 * </pre>
 *
 * <p>Action items (the metrics are computed at {@link #NOW}, 2026-11-01 06:00 UTC):
 *
 * <pre>
 *  01  AI-1 Alert on pool saturation               carol  due 10-20  DONE 10-15      improvement
 *      AI-2 Add retry budget to checkout client    dave   due 10-10  OPEN            open, past due
 *  06  AI-1 Run the gateway with 3 replicas        erin   due 11-30  IN_PROGRESS     open
 *      AI-2 Document gateway failover              -      -          OPEN            open
 *  s1  AI-1 Load test checkout before release      bob    due 10-05  DONE 10-03      improvement
 *      AI-2 Fix the flaky deploy health check      bob    due 09-30  DONE 09-25      (September)
 *      AI-3 Remove the stale feature flag          frank  due 10-01  OPEN            past due
 *  08  AI-1 Tune the HighErrorRate threshold       carol  due 10-20  DONE 10-14      (false positive)
 *      AI-2 Silence the alert during deploys       carol  due 10-15  OPEN            (false positive)
 *  10  AI-1 Rewrite checkout in Rust               hal    due 10-31  WONT_DO         (dropped)
 *  15  AI-1 Page payments on-call directly         gina   due 10-31  DONE 11-01 01:00 (November)
 * </pre>
 */
final class MetricsFixture {
  static final YearMonth OCTOBER = YearMonth.of(2026, 10);
  static final Instant NOW = Instant.parse("2026-11-01T06:00:00Z");

  private MetricsFixture() {}

  static List<IncidentSummary> incidents() {
    return List.of(
        incident(
            "checkout-HighErrorRate",
            "checkout",
            Severity.P1,
            "HighErrorRate",
            "2026-09-20T10:00:00Z",
            2,
            5,
            20,
            60),
        incident(
            "checkout-HighLatency-0928",
            "checkout",
            Severity.P2,
            "HighLatency",
            "2026-09-28T12:00:00Z",
            3,
            20,
            30,
            90),
        incident(
            "checkout-HighErrorRate",
            "checkout",
            Severity.P1,
            "HighErrorRate",
            "2026-10-02T10:00:00Z",
            2,
            5,
            20,
            60),
        incident(
            "payments-PaymentFailures-1003",
            "payments",
            Severity.P0,
            "PaymentFailures",
            "2026-10-03T14:00:00Z",
            1,
            10,
            15,
            45),
        incident(
            "checkout-HighLatency-1005",
            "checkout",
            Severity.P2,
            "HighLatency",
            "2026-10-05T09:00:00Z",
            4,
            30,
            40,
            120),
        incident(
            "search-DiskPressure-1006",
            "search",
            Severity.P3,
            "DiskPressure",
            "2026-10-06T08:00:00Z",
            10,
            120,
            null,
            300),
        incident(
            "checkout-HighErrorRate",
            "checkout",
            Severity.P1,
            "HighErrorRate",
            "2026-10-08T16:00:00Z",
            3,
            70,
            60,
            180),
        incident(
            "api-gateway-GatewayDown-1010",
            "api-gateway",
            Severity.P0,
            "GatewayDown",
            "2026-10-10T02:00:00Z",
            1,
            35,
            50,
            50),
        incident(
            "payments-HighLatency-1012",
            "payments",
            Severity.P2,
            "HighLatency",
            "2026-10-12T11:00:00Z",
            5,
            15,
            30,
            90),
        falsePositive(
            "checkout-HighErrorRate-1013",
            "checkout",
            Severity.P2,
            "HighErrorRate",
            "2026-10-13T13:00:00Z",
            3),
        incident(
            "search-HighLatency-1014",
            "search",
            Severity.P2,
            "HighLatency",
            "2026-10-14T15:00:00Z",
            6,
            40,
            null,
            100),
        incident(
            "checkout-HighErrorRate-1016",
            "checkout",
            Severity.P0,
            "HighErrorRate",
            "2026-10-16T20:00:00Z",
            2,
            8,
            20,
            70),
        incident(
            "payments-PaymentFailures-1019",
            "payments",
            Severity.P1,
            "PaymentFailures",
            "2026-10-19T09:30:00Z",
            3,
            null,
            10,
            40),
        falsePositive(
            "api-gateway-HighLatency-1020",
            "api-gateway",
            Severity.P2,
            "HighLatency",
            "2026-10-20T10:00:00Z",
            null),
        incident(
            "checkout-declared-1021",
            "checkout",
            Severity.P3,
            "declared",
            "2026-10-21T12:00:00Z",
            null,
            60,
            80,
            240),
        incident(
            "search-HighErrorRate-1023",
            "search",
            Severity.P1,
            "HighErrorRate",
            "2026-10-23T07:00:00Z",
            2,
            25,
            50,
            150),
        incident(
            "payments-PaymentFailures-1026",
            "payments",
            Severity.P0,
            "PaymentFailures",
            "2026-10-26T18:00:00Z",
            1,
            15,
            10,
            35),
        incident(
            "checkout-HighLatency-1028",
            "checkout",
            Severity.P1,
            "HighLatency",
            "2026-10-28T22:00:00Z",
            4,
            45,
            30,
            null),
        incident(
            "api-gateway-GatewayDown-1030",
            "api-gateway",
            Severity.P1,
            "GatewayDown",
            "2026-10-30T06:00:00Z",
            2,
            50,
            null,
            80),
        incident(
            "checkout-HighErrorRate-1031",
            "checkout",
            Severity.P2,
            "HighErrorRate",
            "2026-10-31T23:30:00Z",
            3,
            100,
            70,
            200));
  }

  static List<ActionItemsUpdate> actionItems() {
    return List.of(
        items(
            "checkout-HighErrorRate",
            "2026-10-02T10:00:00Z",
            item(
                "AI-1",
                "Alert on pool saturation",
                "carol",
                "2026-10-20",
                ActionItemStatus.DONE,
                "2026-10-15T09:00:00Z",
                ActionItemKind.MONITORING,
                null),
            item(
                "AI-2",
                "Add retry budget to checkout client",
                "dave",
                "2026-10-10",
                ActionItemStatus.OPEN,
                "2026-10-02T12:00:00Z",
                ActionItemKind.CODE_CHANGE,
                null)),
        items(
            "api-gateway-GatewayDown-1010",
            "2026-10-10T02:00:00Z",
            item(
                "AI-1",
                "Run the gateway with 3 replicas",
                "erin",
                "2026-11-30",
                ActionItemStatus.IN_PROGRESS,
                "2026-10-11T10:00:00Z",
                ActionItemKind.CODE_CHANGE,
                null),
            // recorded before items had kinds
            item(
                "AI-2",
                "Document gateway failover",
                null,
                null,
                ActionItemStatus.OPEN,
                "2026-10-11T10:00:00Z"),
            item(
                "AI-3",
                "Add the gateway failover steps to the runbook",
                "erin",
                "2026-10-20",
                ActionItemStatus.DONE,
                "2026-10-12T08:00:00Z",
                ActionItemKind.RUNBOOK_UPDATE,
                "Mitigation / API gateway")),
        items(
            "checkout-HighErrorRate",
            "2026-09-20T10:00:00Z",
            item(
                "AI-1",
                "Load test checkout before release",
                "bob",
                "2026-10-05",
                ActionItemStatus.DONE,
                "2026-10-03T16:00:00Z",
                ActionItemKind.TESTING,
                null),
            item(
                "AI-2",
                "Fix the flaky deploy health check",
                "bob",
                "2026-09-30",
                ActionItemStatus.DONE,
                "2026-09-25T10:00:00Z"),
            item(
                "AI-3",
                "Remove the stale feature flag",
                "frank",
                "2026-10-01",
                ActionItemStatus.OPEN,
                "2026-09-21T10:00:00Z",
                ActionItemKind.CODE_CHANGE,
                null)),
        items(
            "checkout-HighErrorRate-1013",
            "2026-10-13T13:00:00Z",
            item(
                "AI-1",
                "Tune the HighErrorRate threshold",
                "carol",
                "2026-10-20",
                ActionItemStatus.DONE,
                "2026-10-14T10:00:00Z",
                ActionItemKind.RUNBOOK_UPDATE,
                "Detection / Thresholds"),
            item(
                "AI-2",
                "Silence the alert during deploys",
                "carol",
                "2026-10-15",
                ActionItemStatus.OPEN,
                "2026-10-13T15:00:00Z")),
        items(
            "checkout-HighErrorRate-1016",
            "2026-10-16T20:00:00Z",
            item(
                "AI-1",
                "Rewrite checkout in Rust",
                "hal",
                "2026-10-31",
                ActionItemStatus.WONT_DO,
                "2026-10-18T10:00:00Z")),
        items(
            "payments-PaymentFailures-1026",
            "2026-10-26T18:00:00Z",
            item(
                "AI-1",
                "Page payments on-call directly",
                "gina",
                "2026-10-31",
                ActionItemStatus.DONE,
                "2026-11-01T01:00:00Z",
                ActionItemKind.RUNBOOK_UPDATE,
                "Escalation / Payments")));
  }

  /** A real incident; null minutes are "not reached" (or no alert, for {@code d}). */
  static IncidentSummary incident(
      String id,
      String service,
      Severity severity,
      String type,
      String detected,
      Integer d,
      Integer a,
      Integer t,
      Integer r) {
    Instant detectedAt = Instant.parse(detected);
    Instant acknowledgedAt = after(detectedAt, a);
    Instant restoredAt = after(detectedAt, t);
    Instant resolvedAt = after(detectedAt, r);
    Instant last =
        Stream.of(detectedAt, acknowledgedAt, restoredAt, resolvedAt)
            .filter(Objects::nonNull)
            .max(Instant::compareTo)
            .orElseThrow();
    return new IncidentSummary(
        id,
        type + " on " + service,
        service,
        "shop",
        severity,
        Impact.of(severity),
        type,
        resolvedAt != null
            ? Phase.RESOLVED
            : restoredAt != null ? Phase.MONITORING : Phase.MITIGATING,
        d == null ? null : detectedAt.minus(Duration.ofMinutes(d)),
        detectedAt,
        acknowledgedAt,
        responseTime(severity),
        restoredAt != null
            ? restoredAt
            : resolvedAt == null ? null : resolvedAt.minus(Duration.ofMinutes(5)),
        restoredAt,
        resolvedAt,
        null,
        false,
        3,
        1,
        List.of("restart-1 restart shop/" + service + ": SUCCEEDED"),
        0,
        null,
        null,
        last.plus(Duration.ofMinutes(1)),
        false);
  }

  /** {@code incident} as a drill's incident. */
  static IncidentSummary drill(IncidentSummary i) {
    return new IncidentSummary(
        i.incidentId(),
        "[DRILL] " + i.title(),
        i.service(),
        i.namespace(),
        i.severity(),
        i.impact(),
        i.incidentType(),
        i.phase(),
        i.firstAlertAt(),
        i.detectedAt(),
        i.acknowledgedAt(),
        i.responseTime(),
        i.mitigatedAt(),
        i.restoredAt(),
        i.resolvedAt(),
        i.closedAt(),
        i.falsePositive(),
        i.alertCount(),
        i.actionsRun(),
        i.actions(),
        i.reopenCount(),
        i.usersAffected(),
        i.postmortemLink(),
        i.updatedAt(),
        true);
  }

  /**
   * Three drills around the fixture's October: on checkout late in September (after its last real
   * incident there, so it would shorten checkout's first MTBF gap if counted), one on checkout in
   * October that meets every target (P1: detected in 2 min, acknowledged in 10, restored in 30) and
   * one on payments that does not (P0: acknowledged after 40 min, over its 15 min).
   */
  static List<IncidentSummary> drills() {
    return List.of(
        drill(
            incident(
                "checkout-DrillErrors-0930",
                "checkout",
                Severity.P1,
                "DrillErrors",
                "2026-09-30T10:00:00Z",
                1,
                2,
                10,
                30)),
        drill(
            incident(
                "checkout-DrillErrors-1015",
                "checkout",
                Severity.P1,
                "DrillErrors",
                "2026-10-15T10:00:00Z",
                2,
                10,
                30,
                60)),
        drill(
            incident(
                "payments-DrillLatency-1020",
                "payments",
                Severity.P0,
                "DrillLatency",
                "2026-10-20T09:00:00Z",
                3,
                40,
                50,
                120)));
  }

  private static Instant after(Instant detectedAt, Integer minutes) {
    return minutes == null ? null : detectedAt.plus(Duration.ofMinutes(minutes));
  }

  /** Closed as a false positive 20 minutes after detection. */
  static IncidentSummary falsePositive(
      String id, String service, Severity severity, String type, String detected, Integer a) {
    Instant detectedAt = Instant.parse(detected);
    Instant closedAt = detectedAt.plus(Duration.ofMinutes(20));
    return new IncidentSummary(
        id,
        type + " on " + service,
        service,
        "shop",
        severity,
        Impact.of(severity),
        type,
        Phase.CLOSED,
        detectedAt.minus(Duration.ofMinutes(2)),
        detectedAt,
        a == null ? null : detectedAt.plus(Duration.ofMinutes(a)),
        responseTime(severity),
        null,
        null,
        null,
        closedAt,
        true,
        1,
        0,
        List.of(),
        0,
        null,
        null,
        closedAt,
        false);
  }

  static Duration responseTime(Severity severity) {
    return ResponsePolicy.defaultResponseTimes().get(severity);
  }

  static ActionItemsUpdate items(String incidentId, String detected, ActionItem... items) {
    return new ActionItemsUpdate(incidentId, Instant.parse(detected), List.of(items));
  }

  static ActionItem item(
      String id, String action, String owner, String due, ActionItemStatus status, String at) {
    return item(id, action, owner, due, status, at, null, null);
  }

  /** An item of {@code kind}; a runbook update's {@code section} links to the runbook's pull. */
  static ActionItem item(
      String id,
      String action,
      String owner,
      String due,
      ActionItemStatus status,
      String at,
      ActionItemKind kind,
      String section) {
    return new ActionItem(
        id,
        action,
        owner,
        due == null ? null : LocalDate.parse(due),
        status,
        owner == null ? "alice" : owner,
        Instant.parse(at),
        kind,
        section == null ? null : "https://github.com/acme/runbook/pull/" + id.substring(3),
        null,
        section);
  }
}
