package io.incidentresponse.starter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentKeys;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The bounds at the door, with settings as an operator would write them. */
class InputLimitsTest {
  private static final Instant NOW = Instant.parse("2026-11-29T14:00:00Z");

  private static InputLimits limits(Map<String, String> settings) {
    IncidentProperties properties =
        new Binder(new MapConfigurationPropertySource(settings))
            .bindOrCreate("incident", IncidentProperties.class);
    return new InputLimits(
        properties, new IncidentKeys(properties), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static Alert alert(Map<String, String> labels, Map<String, String> annotations) {
    return new Alert(
        AlertSource.ALERTMANAGER,
        AlertStatus.FIRING,
        "f",
        labels,
        annotations,
        NOW,
        null,
        "http://prometheus/graph",
        null);
  }

  private static String refusedField(Runnable check) {
    BadInputException[] refused = new BadInputException[1];
    assertThatThrownBy(check::run)
        .isInstanceOfSatisfying(BadInputException.class, e -> refused[0] = e);
    assertThat(refused[0].status().value()).isEqualTo(422);
    return refused[0].field();
  }

  @Test
  void alertWithNoneOfTheConfiguredKeyLabels_isRefused() {
    InputLimits limits = limits(Map.of("incident.grouping.key-labels", "service,cluster"));
    Alert noKey = alert(Map.of("alertname", "DiskFull", "pod", "p-1"), Map.of());
    Alert blankKey = alert(Map.of("alertname", "DiskFull", "service", " "), Map.of());

    assertThat(refusedField(() -> limits.alerts(List.of(noKey), null)))
        .isEqualTo("alerts[0].labels");
    assertThat(refusedField(() -> limits.alerts(List.of(blankKey), null)))
        .isEqualTo("alerts[0].labels");
    assertThat(
            limits.alerts(
                List.of(alert(Map.of("alertname", "A", "cluster", "eu"), Map.of())), null))
        .hasSize(1);
  }

  @Test
  void groupingByAlertmanagersGroupKey_needsNoKeyLabel() {
    InputLimits limits =
        limits(
            Map.of(
                "incident.grouping.key-labels", "service",
                "incident.grouping.alertmanager-group-key", "true"));
    Alert noService = alert(Map.of("alertname", "DiskFull"), Map.of());

    assertThat(limits.alerts(List.of(noService), "{}:{alertname=\"DiskFull\"}")).hasSize(1);
    assertThat(refusedField(() -> limits.alerts(List.of(noService), null)))
        .isEqualTo("alerts[0].labels");
  }

  @Test
  void moreAlertsThanADeliveryMayCarry_isRefused() {
    InputLimits limits = limits(Map.of("incident.limits.alerts-per-delivery", "3"));
    List<Alert> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      four.add(alert(Map.of("alertname", "A", "service", "s"), Map.of()));
    }

    assertThat(refusedField(() -> limits.alerts(four, null))).isEqualTo("alerts");
    assertThat(limits.alerts(four.subList(0, 3), null)).hasSize(3);
  }

  @Test
  void longAnnotationIsCutWithAnEllipsisWithoutSplittingACharacter_andALongLinkIsDropped() {
    InputLimits limits = limits(Map.of("incident.limits.annotation-length", "10"));
    Alert alert =
        new Alert(
            AlertSource.ALERTMANAGER,
            AlertStatus.FIRING,
            "f",
            Map.of("alertname", "A", "service", "s"),
            Map.of("summary", "12345678\uD83D\uDE00tail", "short", "ok"),
            NOW,
            null,
            "http://prometheus/graph?g0.expr=very-long",
            null);

    Alert bounded = limits.alerts(List.of(alert), null).get(0);

    assertThat(bounded.annotations().get("summary")).isEqualTo("12345678…");
    assertThat(bounded.annotations().get("short")).isEqualTo("ok");
    assertThat(bounded.generatorUrl()).isNull();
  }

  @Test
  void nullLabelOrAnnotationValues_areRefusedNamingThem() {
    InputLimits limits = limits(Map.of());
    Map<String, String> nullLabel = new HashMap<>(Map.of("alertname", "A", "service", "s"));
    nullLabel.put("pod", null);
    Map<String, String> nullAnnotation = new HashMap<>();
    nullAnnotation.put("summary", null);

    assertThat(refusedField(() -> limits.alerts(List.of(alert(nullLabel, Map.of())), null)))
        .isEqualTo("alerts[0].labels.pod");
    assertThat(
            refusedField(
                () ->
                    limits.alerts(
                        List.of(alert(Map.of("alertname", "A", "service", "s"), nullAnnotation)),
                        null)))
        .isEqualTo("alerts[0].annotations.summary");
  }

  @Test
  void timestampsOutsideTheWindowAroundNow_areRefused() {
    InputLimits limits = limits(Map.of());

    assertThat(limits.recent("t", NOW.minus(Duration.ofDays(366)))).isNotNull();
    assertThat(limits.recent("t", NOW.plus(Duration.ofDays(1)))).isNotNull();
    assertThat(refusedField(() -> limits.recent("t", NOW.minus(Duration.ofDays(367)))))
        .isEqualTo("t");
    assertThat(refusedField(() -> limits.recent("t", NOW.plus(Duration.ofHours(25)))))
        .isEqualTo("t");
    assertThat(refusedField(() -> limits.recent("t", InputLimits.NO_END))).isEqualTo("t");
  }

  @Test
  void signalFields_areBoundedByTheirKind() {
    InputLimits limits =
        limits(Map.of("incident.limits.name-length", "5", "incident.limits.text-length", "8"));
    JsonMapper json = JsonMapper.builder().build();

    limits.signal(json.readTree("{\"by\":\"alice\",\"note\":\"12345678\",\"usersAffected\":0}"));
    assertThat(refusedField(() -> limits.signal(json.readTree("{\"by\":\"alice!\"}"))))
        .isEqualTo("by");
    assertThat(refusedField(() -> limits.signal(json.readTree("{\"reason\":\"123456789\"}"))))
        .isEqualTo("reason");
    assertThat(refusedField(() -> limits.signal(json.readTree("{\"usersAffected\":-1}"))))
        .isEqualTo("usersAffected");
    assertThat(
            refusedField(
                () ->
                    limits.signal(
                        json.readTree(
                            "{\"parameters\":{\"replicas\":\"" + "9".repeat(1_025) + "\"}}"))))
        .isEqualTo("parameters.replicas");
  }
}
