package io.incidentresponse.starter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.incident.IncidentSignals;
import io.incidentresponse.workflows.incident.ResolveRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The API's own bodies are exact: a field the input does not have is refused, naming it. */
class JsonBodiesTest {
  private static final JsonBodies BODIES =
      new JsonBodies(
          JsonMapper.builder().build(),
          new Binder(new MapConfigurationPropertySource(Map.of()))
              .bindOrCreate("incident", IncidentProperties.class));

  @ParameterizedTest
  @EnumSource(IncidentSignals.class)
  void everySignalsDocumentedExample_isAnExactBody(IncidentSignals signal) {
    byte[] example = signal.example().getBytes(StandardCharsets.UTF_8);

    assertThat(BODIES.convertExact(BODIES.object(example), signal.inputType())).isNotNull();
  }

  @Test
  void aMisspeltField_isRefusedNamingItAndTheKnownOnes() {
    byte[] body = "{\"by\":\"alice\",\"nots\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> BODIES.convertExact(BODIES.object(body), ResolveRequest.class))
        .isInstanceOfSatisfying(
            BadInputException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(422);
              assertThat(e.field()).isEqualTo("nots");
              assertThat(e.getMessage()).contains("known: ").contains("note");
            });
    // alert sources' payloads keep fields this project does not read
    assertThat(BODIES.convert(BODIES.object(body), ResolveRequest.class).by()).isEqualTo("alice");
  }
}
