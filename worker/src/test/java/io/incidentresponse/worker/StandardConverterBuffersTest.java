package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.common.converter.PayloadConverter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StandardConverterBuffersTest {

  /** What the SDK encodes with its standard converter: a change id, a version, a list, a time. */
  private static final Map<String, Object> VALUE =
      Map.of(
          "changeId",
          "lean-incident",
          "version",
          2,
          "TemporalChangeVersion",
          List.of("lean-incident-2"),
          "at",
          Instant.parse("2026-11-30T20:00:00Z"));

  @Test
  void install_givenTheSdksStandardConverter_encodesOnAnyThreadWithThePooledBuffersSameBytes()
      throws Exception {
    Payload expected = new JacksonJsonPayloadConverter().toData(VALUE).orElseThrow();

    assertThat(StandardConverterBuffers.install()).isTrue();

    // a new thread, as a workflow thread is: its buffers must come from the pool, not its own
    AtomicReference<Payload> encoded = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> encoded.set(DefaultDataConverter.STANDARD_INSTANCE.toPayload(VALUE).get()));
    thread.start();
    thread.join();
    assertThat(encoded.get().getData()).isEqualTo(expected.getData());
    assertThat(encoded.get().getMetadataMap()).isEqualTo(expected.getMetadataMap());
    assertThat(StandardConverterBuffers.BUFFERS.pooledCount())
        .as("buffer sets handed back to the shared pool after encoding")
        .isPositive();
    // and it decodes what it encoded
    assertThat(
            DefaultDataConverter.STANDARD_INSTANCE.fromPayload(encoded.get(), Map.class, Map.class))
        .containsEntry("changeId", "lean-incident")
        .containsEntry("version", 2);
  }

  @Test
  void install_calledTwice_keepsOnePooledConverterInTheStandardList() {
    StandardConverterBuffers.install();
    assertThat(StandardConverterBuffers.install()).isTrue();

    List<PayloadConverter> standard =
        Arrays.asList(DefaultDataConverter.STANDARD_PAYLOAD_CONVERTERS);
    assertThat(standard).filteredOn(c -> c instanceof JacksonJsonPayloadConverter).hasSize(1);
    assertThat(standard).filteredOn(c -> c instanceof StandardConverterBuffers.Pooled).hasSize(1);
  }
}
