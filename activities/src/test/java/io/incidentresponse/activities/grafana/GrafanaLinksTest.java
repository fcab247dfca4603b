package io.incidentresponse.activities.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrafanaLinksTest {
  private static final Instant DETECTED = Instant.parse("2026-11-26T14:00:00Z");
  private static final Instant RESTORED = Instant.parse("2026-11-26T14:45:00Z");
  private static final String TEMPLATE =
      "https://grafana.example/d/svc?var-service={service}&var-ns={namespace}"
          + "&var-incident={incident}&from={from}&to={to}";

  @Test
  void fixedRange_runsFromBeforeDetectionToAfterRestoration() {
    GrafanaLinks links =
        new GrafanaLinks(
            new GrafanaSettings(TEMPLATE, null, Duration.ofMinutes(30), Duration.ofMinutes(15)));

    String link = links.fixed("inc-1", "checkout", "shop", DETECTED, RESTORED);

    assertThat(link)
        .isEqualTo(
            "https://grafana.example/d/svc?var-service=checkout&var-ns=shop&var-incident=inc-1"
                + "&from="
                + DETECTED.minus(Duration.ofMinutes(30)).toEpochMilli()
                + "&to="
                + RESTORED.plus(Duration.ofMinutes(15)).toEpochMilli());
  }

  @Test
  void notEndedYet_linksLive_andLabelsAreEncodedSoTheyCannotAddParameters() {
    GrafanaLinks links = new GrafanaLinks(new GrafanaSettings(TEMPLATE, null, null, null));

    String link = links.fixed("inc 1", "a&to=0#x", "shop", DETECTED, null);

    assertThat(link)
        .contains("var-service=a%26to%3D0%23x")
        .contains("var-incident=inc+1")
        .contains("from=" + DETECTED.minus(Duration.ofHours(1)).toEpochMilli())
        .endsWith("&to=now");
  }

  @Test
  void aServiceOfItsOwn_getsItsOwnDashboard_othersTheDefault_noneWithoutTemplates() {
    GrafanaLinks links =
        new GrafanaLinks(
            new GrafanaSettings(
                TEMPLATE,
                Map.of("payments", "https://grafana.example/d/payments?from={from}&to={to}"),
                null,
                null));

    assertThat(links.live("inc-2", "payments", "pay", DETECTED))
        .startsWith("https://grafana.example/d/payments?from=");
    assertThat(links.live("inc-2", "checkout", "shop", DETECTED))
        .startsWith("https://grafana.example/d/svc?var-service=checkout");
    assertThat(GrafanaLinks.none().live("inc-2", "checkout", "shop", DETECTED)).isNull();
    assertThat(links.live("inc-2", "checkout", "shop", null)).isNull();
  }

  @Test
  void aTemplateThatCannotWork_stopsTheWorkerNamingTheProperty_withoutRepeatingTheUrl() {
    assertThatThrownBy(
            () ->
                new GrafanaSettings(
                    "https://grafana.example/d/x?token=s3cret&var={servce}", null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incident.grafana.dashboard-url")
        .hasMessageContaining("{servce}")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(
            () -> new GrafanaSettings(null, Map.of("payments", "grafana/d/{service}"), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incident.grafana.dashboards.payments");
    assertThatThrownBy(() -> new GrafanaSettings(TEMPLATE, null, Duration.ZERO, null))
        .hasMessageContaining("incident.grafana.before");
    assertThat(new GrafanaSettings("  ", null, null, null).configured()).isFalse();
  }
}
