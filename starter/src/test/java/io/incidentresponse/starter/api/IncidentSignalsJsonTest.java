package io.incidentresponse.starter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.JsonBodies;
import io.incidentresponse.workflows.incident.IncidentSignals;
import io.incidentresponse.workflows.incident.RecordImpactRequest;
import io.incidentresponse.workflows.incident.ResolveRequest;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Each signal is accepted with only its required fields; the optional ones default sensibly. */
class IncidentSignalsJsonTest {
  private final JsonMapper json = JsonMapper.builder().build();
  private final JsonBodies bodies =
      new JsonBodies(
          json,
          new Binder(new MapConfigurationPropertySource(Map.of()))
              .bindOrCreate("incident", IncidentProperties.class));

  /** A JSON object holding only the signal's required fields, each with a valid value. */
  private ObjectNode onlyRequired(IncidentSignals signal) {
    ObjectNode input = json.createObjectNode();
    for (RecordComponent component : signal.inputType().getRecordComponents()) {
      if (!signal.required().contains(component.getName())) {
        continue;
      }
      Class<?> type = component.getType();
      if (type.isEnum()) {
        input.put(component.getName(), ((Enum<?>) type.getEnumConstants()[0]).name());
      } else if (type == Long.class || type == long.class) {
        input.put(component.getName(), 3L);
      } else {
        input.put(component.getName(), "alice");
      }
    }
    return input;
  }

  @ParameterizedTest
  @EnumSource(IncidentSignals.class)
  void onlyTheRequiredFields_areEnough(IncidentSignals signal) {
    ObjectNode input = onlyRequired(signal);

    Object typed =
        bodies.parse(input.toString().getBytes(StandardCharsets.UTF_8), signal.inputType());

    assertThat(typed).isInstanceOf(signal.inputType());
  }

  @ParameterizedTest
  @EnumSource(IncidentSignals.class)
  void everyRequiredFieldIsAFieldOfTheSignal(IncidentSignals signal) {
    assertThat(signal.inputType().getRecordComponents())
        .extracting(RecordComponent::getName)
        .containsAll(signal.required());
  }

  @Test
  void resolveWithoutFalsePositive_isNotAFalsePositive() {
    ResolveRequest resolve =
        bodies.parse("{\"by\":\"alice\"}".getBytes(StandardCharsets.UTF_8), ResolveRequest.class);

    assertThat(resolve.falsePositive()).isFalse();
  }

  @Test
  void recordImpact_keepsItsNumberExactly() {
    RecordImpactRequest impact =
        bodies.parse(
            "{\"by\":\"alice\",\"usersAffected\":9007199254740993}"
                .getBytes(StandardCharsets.UTF_8),
            RecordImpactRequest.class);

    assertThat(impact.usersAffected()).isEqualTo(9_007_199_254_740_993L);
  }

  @Test
  void resolveWithFalsePositiveAsText_isRefusedNamingIt() {
    assertThatThrownBy(
            () ->
                bodies.parse(
                    "{\"by\":\"a\",\"falsePositive\":\"yes\"}".getBytes(StandardCharsets.UTF_8),
                    ResolveRequest.class))
        .isInstanceOfSatisfying(
            BadInputException.class, e -> assertThat(e.field()).isEqualTo("falsePositive"));
  }
}
