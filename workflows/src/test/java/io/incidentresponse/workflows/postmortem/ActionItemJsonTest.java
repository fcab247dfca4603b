package io.incidentresponse.workflows.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.metrics.ActionItemsUpdate;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Action items cross every boundary of the postmortem (activity inputs, the status query, the
 * update's result) through Temporal's default JSON converter, which refuses unknown fields: a
 * derived getter such as {@code isAssigned()} must not end up in the JSON.
 */
class ActionItemJsonTest {
  private final DataConverter converter = DefaultDataConverter.newDefaultInstance();

  @Test
  void actionItemsInAStatus_roundTripThroughTheDefaultConverter() {
    ActionItem item =
        new ActionItem(
            "AI-1",
            "Alert on pool saturation",
            "carol",
            LocalDate.of(2026, 12, 10),
            ActionItemStatus.OPEN,
            "alice",
            Instant.parse("2026-11-28T09:00:00Z"),
            null,
            null,
            null,
            null);
    PostmortemStatus status =
        new PostmortemStatus(
            "inc-1",
            null,
            null,
            null,
            null,
            false,
            List.of(item),
            null,
            null,
            false,
            null,
            null,
            List.of("Review not held"),
            null);

    Optional<Payloads> payloads = converter.toPayloads(status);
    PostmortemStatus read =
        converter.fromPayloads(0, payloads, PostmortemStatus.class, PostmortemStatus.class);
    Optional<Payloads> update =
        converter.toPayloads(new ActionItemsUpdate("inc-1", Instant.EPOCH, List.of(item)));
    ActionItemsUpdate readUpdate =
        converter.fromPayloads(0, update, ActionItemsUpdate.class, ActionItemsUpdate.class);

    assertThat(read).isEqualTo(status);
    assertThat(readUpdate.items()).containsExactly(item);
  }
}
