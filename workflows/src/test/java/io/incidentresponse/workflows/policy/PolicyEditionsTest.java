package io.incidentresponse.workflows.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.workflows.Json;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A policy named by its edition is, on every worker and every replay, the policy its JSON reads as:
 * editions are never edited or removed, and the runbook's defaults are always one of them.
 */
class PolicyEditionsTest {

  /**
   * Every edition ever released, oldest first. Running incidents name these: removing one, or
   * editing its text (which changes its name), strands them. Only ever append.
   */
  private static final List<String> RELEASED = List.of("runbook-defaults-5b26b9a0f2c6e919");

  @Test
  void everyReleasedEdition_isStillKnownUnderTheNameOfItsText() {
    assertThat(PolicyEditions.names()).startsWith(RELEASED.toArray(String[]::new));
    assertThat(PolicyEditions.name(PolicyEditions.DEFAULTS_2026_12)).isEqualTo(RELEASED.get(0));
  }

  @Test
  void theRunbooksDefaults_areAnEdition_soStartersNameThem() {
    // fails when the defaults change: add their new JSON as a new edition (never edit an old one)
    String name = PolicyEditions.nameOf(ResponsePolicy.defaults());

    assertThat(name).isNotNull().startsWith(PolicyEditions.PREFIX);
    assertThat(PolicyEditions.resolve(name)).isEqualTo(ResponsePolicy.defaults());
  }

  @Test
  void anEditionsName_resolvesToWhatItsJsonReadsAsInline_inOneObject() {
    ResponsePolicy resolved = PolicyEditions.resolve(RELEASED.get(0));

    assertThat(resolved)
        .isEqualTo(Json.read(PolicyEditions.DEFAULTS_2026_12, ResponsePolicy.class));
    assertThat(PolicyEditions.resolve(RELEASED.get(0))).isSameAs(resolved);
    assertThat(resolved.responseTime(Severity.P0)).contains(Duration.ofMinutes(15));
  }

  @Test
  void anEditionsText_isExactlyWhatTheStartersClientSendsInline() {
    String inline =
        DefaultDataConverter.STANDARD_INSTANCE
            .toPayload(ResponsePolicy.defaults())
            .orElseThrow()
            .getData()
            .toStringUtf8();

    assertThat(inline).isEqualTo(PolicyEditions.DEFAULTS_2026_12);
  }

  @Test
  void aConfiguredPolicy_isNoEdition_andTravelsWhole() {
    ResponsePolicy configured =
        new ResponsePolicy(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of(RiskClass.HIGH, List.of("alice")),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    assertThat(PolicyEditions.nameOf(configured)).isNull();
  }

  @Test
  void anUnknownName_isRefused_sayingWhichAndWhatToDo() {
    IncidentInput input =
        new IncidentInput(
            List.of(),
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            "runbook-defaults-0000000000000000");

    assertThatThrownBy(input::resolvedPolicy)
        .isInstanceOf(PolicyEditions.UnknownPolicyEdition.class)
        .hasMessageContaining("runbook-defaults-0000000000000000")
        .hasMessageContaining(RELEASED.get(0))
        .hasMessageContaining("incident.ingestion.policy-by-name");
  }
}
