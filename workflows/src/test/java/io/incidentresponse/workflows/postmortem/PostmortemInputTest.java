package io.incidentresponse.workflows.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The postmortem input carries the incident's response time and availability target from the
 * incident workflow to the document; inputs from before they existed read as without them.
 */
class PostmortemInputTest {
  private final DataConverter converter = DefaultDataConverter.newDefaultInstance();

  @Test
  void responseTimeAndAvailabilityTarget_roundTripThroughTheDefaultConverter() {
    PostmortemInput input =
        new PostmortemInput(
            Postmortems.resolvedIncident("inc-1", Postmortems.RESOLVED),
            Postmortems.RESOLVED.plus(Duration.ofDays(7)),
            null,
            List.of(),
            Duration.ofMinutes(15),
            0.999);

    PostmortemInput read = roundTrip(converter.toPayloads(input));

    assertThat(read.responseTime()).isEqualTo(Duration.ofMinutes(15));
    assertThat(read.availabilityTarget()).isEqualTo(0.999);
    assertThat(read.incident().incidentId).isEqualTo("inc-1");
  }

  @Test
  void anInputWrittenBeforeTheFieldsExisted_readsWithoutThem() throws Exception {
    PostmortemInput current =
        new PostmortemInput(
            Postmortems.resolvedIncident("inc-2", Postmortems.RESOLVED),
            Postmortems.RESOLVED.plus(Duration.ofDays(7)));
    ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    ObjectNode json = (ObjectNode) mapper.readTree(mapper.writeValueAsString(current));
    assertThat(json.has("responseTime")).isTrue();
    json.remove(List.of("responseTime", "availabilityTarget"));
    Payload old =
        converter.toPayload(current).orElseThrow().toBuilder()
            .setData(com.google.protobuf.ByteString.copyFromUtf8(mapper.writeValueAsString(json)))
            .build();

    PostmortemInput read = roundTrip(Optional.of(Payloads.newBuilder().addPayloads(old).build()));

    assertThat(read.responseTime()).isNull();
    assertThat(read.availabilityTarget()).isNull();
    assertThat(read.incident().incidentId).isEqualTo("inc-2");
  }

  @Test
  void valuesThatMeanNothing_countAsNotGiven() {
    for (Duration responseTime : new Duration[] {Duration.ZERO, Duration.ofMinutes(-5)}) {
      assertThat(new PostmortemInput(null, null, null, null, responseTime, null).responseTime())
          .as("response time %s", responseTime)
          .isNull();
    }
    for (double target : new double[] {0, 1, 99.9, -0.5, Double.NaN}) {
      assertThat(new PostmortemInput(null, null, null, null, null, target).availabilityTarget())
          .as("availability target %s", target)
          .isNull();
    }
    assertThat(new PostmortemInput(null, null, null, null, null, 0.995).availabilityTarget())
        .isEqualTo(0.995);
  }

  private PostmortemInput roundTrip(Optional<Payloads> payloads) {
    return converter.fromPayloads(0, payloads, PostmortemInput.class, PostmortemInput.class);
  }
}
