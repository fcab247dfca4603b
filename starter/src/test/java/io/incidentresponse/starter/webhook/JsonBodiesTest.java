package io.incidentresponse.starter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static BadInputException refusal(String json) {
    return catchThrowableOfType(
        BadInputException.class, () -> BODIES.parse(bytes(json), AlertmanagerWebhook.class));
  }

  @Test
  void parse_givenAWebhookBody_readsItWithFieldsThisProjectDoesNotRead() {
    AlertmanagerWebhook payload =
        BODIES.parse(
            bytes(
                " {\"version\":\"4\",\"groupKey\":\"g\",\"unknown\":{\"a\":[1,2]},"
                    + "\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},"
                    + "\"startsAt\":\"2026-11-29T14:00:00+01:00\"}]}"),
            AlertmanagerWebhook.class);

    assertThat(payload.groupKey()).isEqualTo("g");
    assertThat(payload.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.labels()).containsEntry("alertname", "A");
              assertThat(a.startsAt()).isEqualTo(java.time.Instant.parse("2026-11-29T13:00:00Z"));
            });
  }

  @Test
  void parse_givenAWrongFieldBeforeMalformedJson_is400ForTheMalformedJson() {
    BadInputException e = refusal("{\"version\":4,\"alerts\":[}");

    assertThat(e.status().value()).isEqualTo(400);
    assertThat(e.getMessage()).startsWith("malformed JSON");
  }

  @Test
  void parse_givenAKeyTwiceInAFieldNotRead_is400() {
    BadInputException e = refusal("{\"version\":\"4\",\"unknown\":{\"a\":1,\"a\":2}}");

    assertThat(e.status().value()).isEqualTo(400);
    assertThat(e.getMessage()).contains("Duplicate");
  }

  @Test
  void parse_givenNotAnObject_is422SayingWhatItWas() {
    assertThat(refusal(" [1]").getMessage()).isEqualTo("the body must be a JSON object, was array");
    assertThat(refusal("null").getMessage()).isEqualTo("the body must be a JSON object, was null");
  }

  @Test
  void parse_givenAFieldOfTheWrongType_is422NamingIt() {
    BadInputException e =
        refusal("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\",\"startsAt\":17}]}");

    assertThat(e.status().value()).isEqualTo(422);
    assertThat(e.field()).isEqualTo("alerts[0].startsAt");
  }

  @Test
  void parse_givenTrailingTokens_is400() {
    assertThat(refusal("{\"version\":\"4\"} {}").status().value()).isEqualTo(400);
  }
}
