package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint that takes a body, against a corpus of hostile bodies: each is refused with a 4xx
 * problem+json, never a 5xx, and nothing reaches Temporal (no start, signal or update).
 */
class HostileBodiesIT extends StarterIT {
  /** The incident the signal and approval endpoints aim at; declared once. */
  private static final String TARGET = incidentId("hostile-target", "Declared");

  private static final String NOW = Instant.now().minus(1, ChronoUnit.MINUTES).toString();
  private static final String LONG = "s".repeat(5_000);

  private static final List<String> SIGNALS =
      List.of(
          "acknowledge",
          "approve",
          "reject",
          "assignRole",
          "setSeverity",
          "addNote",
          "requestAction",
          "markMitigated",
          "resolve",
          "reopen",
          "recordImpact");

  private static volatile boolean declared;

  /** An endpoint that takes a JSON body, with the credentials it needs. */
  record Endpoint(String path) {
    HttpResponse<String> post(Http http, String body) {
      return switch (path) {
        case "/webhooks/alertmanager" -> http.post(path, body, AUTHORIZATION, BEARER);
        case "/webhooks/grafana" ->
            http.post(path, body, AUTHORIZATION, Http.basic("grafana", "gf-secret"));
        case "/webhooks/pagerduty" ->
            http.post(
                path, body, "X-PagerDuty-Signature", Http.pagerDutySignature("new-secret", body));
        default -> http.post(path, body);
      };
    }

    @Override
    public String toString() {
      return path;
    }
  }

  static List<Endpoint> endpoints() {
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(new Endpoint("/webhooks/alertmanager"));
    endpoints.add(new Endpoint("/webhooks/grafana"));
    endpoints.add(new Endpoint("/webhooks/pagerduty"));
    endpoints.add(new Endpoint("/api/incidents"));
    for (String signal : SIGNALS) {
      endpoints.add(new Endpoint("/api/incidents/" + TARGET + "/signals/" + signal));
    }
    endpoints.add(new Endpoint("/api/incidents/" + TARGET + "/approvals"));
    return endpoints;
  }

  /** Bodies no endpoint may accept. */
  static List<Arguments> corpus() {
    List<Arguments> bodies = new ArrayList<>();
    bodies.add(Arguments.of("null", "null"));
    bodies.add(Arguments.of("an array", "[]"));
    bodies.add(Arguments.of("a string", "\"x\""));
    bodies.add(Arguments.of("an empty string", "\"\""));
    bodies.add(Arguments.of("a boolean", "true"));
    bodies.add(Arguments.of("a huge number", "1e300"));
    bodies.add(Arguments.of("an empty object", "{}"));
    bodies.add(Arguments.of("a key given twice", "{\"by\":\"alice\",\"by\":\"mallory\"}"));
    bodies.add(Arguments.of("20,000 nested arrays", "[".repeat(20_000) + "]".repeat(20_000)));
    bodies.add(Arguments.of("nested arrays in every field", everyField(nested(200))));
    bodies.add(Arguments.of("numbers where strings belong", everyField("7")));
    bodies.add(Arguments.of("1e300 in every field", everyField("1e300")));
    bodies.add(Arguments.of("5,000-character values", longValues()));
    bodies.add(Arguments.of("a 5,000-character label name", longLabelName()));
    return bodies;
  }

  /** Bodies refused by one endpoint for one field, though the rest is right. */
  static Stream<Arguments> specific() {
    String am = "/webhooks/alertmanager";
    String impact = "/api/incidents/" + TARGET + "/signals/recordImpact";
    return Stream.of(
        Arguments.of(
            am, "truncatedAlerts 1e300", alertmanagerWith("\"truncatedAlerts\":1e300", "")),
        Arguments.of(
            am, "a 5,000-character service", alertmanagerWith("", ",\"service\":\"" + LONG)),
        Arguments.of(
            "/webhooks/grafana",
            "orgId 1e300",
            alertmanagerWith("\"orgId\":1e300", "").replace("\"version\":\"4\",", "")),
        Arguments.of(impact, "usersAffected 1e300", "{\"by\":\"alice\",\"usersAffected\":1e300}"),
        Arguments.of(impact, "usersAffected 1e20", "{\"by\":\"alice\",\"usersAffected\":1e20}"),
        Arguments.of(
            impact,
            "usersAffected 2^64",
            "{\"by\":\"alice\",\"usersAffected\":18446744073709551616}"),
        Arguments.of(impact, "usersAffected 1.5", "{\"by\":\"alice\",\"usersAffected\":1.5}"),
        Arguments.of(impact, "usersAffected \"12\"", "{\"by\":\"alice\",\"usersAffected\":\"12\"}"),
        Arguments.of(impact, "usersAffected -5", "{\"by\":\"alice\",\"usersAffected\":-5}"),
        Arguments.of(
            "/api/incidents",
            "severity 0",
            "{\"title\":\"t\",\"service\":\"hostile-sev\",\"severity\":0}"),
        Arguments.of(
            "/api/incidents/" + TARGET + "/signals/resolve",
            "falsePositive \"true\"",
            "{\"by\":\"alice\",\"falsePositive\":\"true\"}"),
        Arguments.of(
            "/api/incidents/" + TARGET + "/approvals",
            "a 5,000-character comment",
            "{\"actionId\":\"scale-1\",\"approver\":\"alice\",\"comment\":\"" + LONG + "\"}"));
  }

  static Stream<Arguments> everyEndpointWithEveryBody() {
    return endpoints().stream()
        .flatMap(
            endpoint ->
                corpus().stream()
                    .filter(body -> !validFor(endpoint, (String) body.get()[0]))
                    .map(body -> Arguments.of(endpoint, body.get()[0], body.get()[1])));
  }

  /**
   * An object without any field a signal knows is a valid acknowledge, markMitigated, resolve or
   * reopen: their one required field is the person, which the credential fills (unknown fields are
   * ignored, as in every webhook).
   */
  private static boolean validFor(Endpoint endpoint, String body) {
    boolean personOnly =
        Stream.of("acknowledge", "markMitigated", "resolve", "reopen")
            .anyMatch(signal -> endpoint.path().endsWith("/signals/" + signal));
    return personOnly
        && (body.equals("an empty object") || body.equals("a 5,000-character label name"));
  }

  @ParameterizedTest(name = "{0} refuses {1}")
  @MethodSource("everyEndpointWithEveryBody")
  void hostileBody_isA4xxProblemAndReachesNothing(Endpoint endpoint, String name, String body) {
    refusedAndNothingReachedTemporal(endpoint, body);
  }

  @ParameterizedTest(name = "{0} refuses {1}")
  @MethodSource("specific")
  void hostileField_isA4xxProblemAndReachesNothing(String path, String name, String body) {
    refusedAndNothingReachedTemporal(new Endpoint(path), body);
  }

  private void refusedAndNothingReachedTemporal(Endpoint endpoint, String body) {
    if (!declared) {
      declare("hostile-target", "P2");
      declared = true;
    }
    List<String> before = writes.calls();

    HttpResponse<String> response = endpoint.post(http, body);

    assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(response.body()).as("the answer does not echo a huge value").hasSizeLessThan(2_000);
    assertThat(writes.calls()).as("nothing started or signalled").isEqualTo(before);
  }

  // ---------------------------------------------------------------- bodies

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  /** Every field any endpoint requires, each holding {@code value}. */
  private static String everyField(String v) {
    return ("{\"version\":V,\"status\":V,\"groupKey\":V,\"truncatedAlerts\":V,\"orgId\":V,"
            + "\"alerts\":[{\"status\":V,\"labels\":{\"alertname\":V,\"service\":V},"
            + "\"annotations\":{\"summary\":V},\"startsAt\":V,\"endsAt\":V,\"fingerprint\":V}],"
            + "\"event\":{\"id\":V,\"event_type\":V,\"occurred_at\":V,"
            + "\"data\":{\"id\":V,\"title\":V,\"created_at\":V,\"service\":{\"summary\":V}}},"
            + "\"title\":V,\"service\":V,\"severity\":V,\"commander\":V,\"by\":V,\"note\":V,"
            + "\"actionId\":V,\"approver\":V,\"comment\":V,\"reason\":V,\"role\":V,\"person\":V,"
            + "\"text\":V,\"type\":V,\"target\":V,\"namespace\":V,\"usersAffected\":V,"
            + "\"falsePositive\":V}")
        .replace("V", v);
  }

  /** Right in shape, with a 5,000-character value in a field every endpoint requires. */
  private static String longValues() {
    String l = "\"" + LONG + "\"";
    return "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
        + "\"labels\":{\"alertname\":\"Hostile\",\"service\":"
        + l
        + "},\"startsAt\":\""
        + NOW
        + "\"}],\"event\":{\"event_type\":\"incident.triggered\",\"occurred_at\":\""
        + NOW
        + "\",\"data\":{\"id\":\"PHOSTILE\",\"title\":"
        + l
        + ",\"created_at\":\""
        + NOW
        + "\",\"service\":{\"summary\":"
        + l
        + "}}},\"title\":"
        + l
        + ",\"service\":"
        + l
        + ",\"severity\":\"P3\",\"commander\":"
        + l
        + ",\"by\":"
        + l
        + ",\"actionId\":"
        + l
        + ",\"approver\":"
        + l
        + ",\"role\":\"SCRIBE\",\"person\":"
        + l
        + ",\"text\":"
        + l
        + ",\"type\":\"SCALE\",\"target\":"
        + l
        + "}";
  }

  /** An Alertmanager body whose only fault is a 5,000-character label name. */
  private static String longLabelName() {
    return alertmanagerWith("", ",\"" + LONG + "\":\"v");
  }

  /** An Alertmanager body with {@code top} among its top-level fields and {@code label} added. */
  private static String alertmanagerWith(String top, String label) {
    return "{"
        + top
        + (top.isEmpty() ? "" : ",")
        + "\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"r\",\"alerts\":[{"
        + "\"status\":\"firing\",\"labels\":{\"alertname\":\"HostileField\""
        + (label.isEmpty() ? ",\"service\":\"hostile-field\"" : label + "\"")
        + "},\"startsAt\":\""
        + NOW
        + "\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"hostile-1\"}]}";
  }
}
