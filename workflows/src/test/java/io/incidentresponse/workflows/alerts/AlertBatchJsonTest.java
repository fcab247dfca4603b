package io.incidentresponse.workflows.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert signal's JSON across starters and workers of two versions. */
class AlertBatchJsonTest {
  private final ObjectMapper json = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  @Test
  void oneDelivery_isWrittenAsBefore_withoutJoined() throws Exception {
    String written = json.writeValueAsString(new AlertBatch(List.of(), "d-1"));

    assertThat(written).doesNotContain("joined");
  }

  @Test
  void aBatchOfAnOlderStarter_readsWithNoJoinedDeliveries() throws Exception {
    AlertBatch read = json.readValue("{\"alerts\":[],\"deliveryId\":\"d-1\"}", AlertBatch.class);

    assertThat(read.joined()).isEmpty();
    assertThat(read.deliveryId()).isEqualTo("d-1");
  }

  /** The alert signal's input as workers before joined deliveries read it. */
  record AlertBatchBeforeJoined(List<Alert> alerts, String deliveryId) {}

  @Test
  void oneDelivery_readsOnAWorkerOlderThanJoined_aJoinedBatchDoesNot() throws Exception {
    String one = json.writeValueAsString(new AlertBatch(List.of(), "d-1"));
    String joined =
        json.writeValueAsString(
            new AlertBatch(List.of(), "d-1", List.of(new AlertBatch(List.of(), "d-2"))));

    assertThat(json.readValue(one, AlertBatchBeforeJoined.class).deliveryId()).isEqualTo("d-1");
    // why incident.ingestion.joined-deliveries must be 1 until every worker knows joined
    assertThatThrownBy(() -> json.readValue(joined, AlertBatchBeforeJoined.class))
        .hasMessageContaining("joined");
  }

  @Test
  void joinedDeliveries_roundTripWithTheirOwnIds() throws Exception {
    AlertBatch batch = new AlertBatch(List.of(), "d-1", List.of(new AlertBatch(List.of(), "d-2")));

    AlertBatch read = json.readValue(json.writeValueAsString(batch), AlertBatch.class);

    assertThat(read.joined()).extracting(AlertBatch::deliveryId).containsExactly("d-2");
  }
}
