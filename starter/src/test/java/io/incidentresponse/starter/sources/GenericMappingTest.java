package io.incidentresponse.starter.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentKeys;
import io.incidentresponse.starter.sources.SourcesProperties.GenericSource;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** A generic source's mapping applied to bodies as a tool would send them. */
class GenericMappingTest {
  private static final Instant NOW = Instant.parse("2026-11-29T14:00:00Z");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final InputLimits limits = limits();

  /** One alert per body, an Uptime-Kuma-like shape: numeric status, epoch-second time. */
  private final GenericMapping kuma =
      GenericMapping.of(
          "kuma",
          new GenericSource(
              null,
              null,
              "$.monitor.name",
              "$.monitor.tags.service",
              null,
              null,
              "$.heartbeat.status",
              Map.of("0", "firing", "1", "resolved"),
              "$.msg",
              "$.monitor.id",
              "$.heartbeat.time",
              null,
              null));

  @Test
  void bodyWithoutAlertsPath_isOneAlert_numbersReadAsWords_epochSecondsAsTime() {
    Alert alert =
        kuma.toAlerts(
                body(
                    "{'monitor':{'id':42,'name':'Shop','tags':{'service':'web'}},"
                        + "'heartbeat':{'status':0,'time':1795960800},'msg':'down'}"),
                NOW,
                limits)
            .get(0);

    assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(alert.fingerprint()).isEqualTo("kuma:42");
    assertThat(alert.labels()).containsEntry("alertname", "Shop").containsEntry("service", "web");
    assertThat(alert.startsAt()).isEqualTo(Instant.ofEpochSecond(1795960800L));
    assertThat(alert.endsAt()).isNull();
  }

  @Test
  void resolvedStatus_endsTheAlertNow_andAnAbsentTimeIsTheTimeOfReceipt() {
    Alert alert =
        kuma.toAlerts(
                body(
                    "{'monitor':{'id':42,'name':'Shop','tags':{'service':'web'}},"
                        + "'heartbeat':{'status':1}}"),
                NOW,
                limits)
            .get(0);

    assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(alert.startsAt()).isEqualTo(NOW);
    assertThat(alert.endsAt()).isEqualTo(NOW);
  }

  @Test
  void objectWhereAStringIsMapped_orATimeThatIsNoTime_is422NamingThePath() {
    assertThatThrownBy(
            () ->
                kuma.toAlerts(
                    body(
                        "{'monitor':{'name':{'x':1},'tags':{'service':'web'}},"
                            + "'heartbeat':{'status':0}}"),
                    NOW,
                    limits))
        .isInstanceOfSatisfying(
            BadInputException.class, e -> assertThat(e.field()).isEqualTo("$.monitor.name"));
    assertThatThrownBy(
            () ->
                kuma.toAlerts(
                    body(
                        "{'monitor':{'name':'Shop','tags':{'service':'web'}},"
                            + "'heartbeat':{'status':0,'time':'yesterday'}}"),
                    NOW,
                    limits))
        .isInstanceOfSatisfying(
            BadInputException.class, e -> assertThat(e.field()).isEqualTo("$.heartbeat.time"));
  }

  @Test
  void configuredStatusAbsentFromTheBody_is422RatherThanFiring() {
    assertThatThrownBy(
            () ->
                kuma.toAlerts(
                    body("{'monitor':{'name':'Shop','tags':{'service':'web'}}}"), NOW, limits))
        .isInstanceOfSatisfying(
            BadInputException.class, e -> assertThat(e.field()).isEqualTo("$.heartbeat.status"));
  }

  @Test
  void alertsPathSelectingNothing_is422() {
    GenericMapping batch =
        GenericMapping.of(
            "batch",
            new GenericSource(
                null,
                "$.items[*]",
                "$.n",
                "$.s",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));

    assertThatThrownBy(() -> batch.toAlerts(body("{'items':[]}"), NOW, limits))
        .isInstanceOfSatisfying(
            BadInputException.class, e -> assertThat(e.field()).isEqualTo("$.items[*]"));
    List<Alert> two =
        batch.toAlerts(body("{'items':[{'n':'a','s':'x'},{'n':'b','s':'x'}]}"), NOW, limits);
    assertThat(two).extracting(Alert::alertName).containsExactly("a", "b");
  }

  private static Object body(String singleQuoted) {
    return JSON.readValue(singleQuoted.replace('\'', '"'), Object.class);
  }

  private static InputLimits limits() {
    IncidentProperties properties =
        new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("incident", IncidentProperties.class);
    return new InputLimits(
        properties, new IncidentKeys(properties), Clock.fixed(NOW, ZoneOffset.UTC));
  }
}
