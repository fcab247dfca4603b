package io.incidentresponse.starter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every text reads as the ISO offset formatter reads it: the same instant, or a refusal. */
class IsoTimestampsTest {
  private static final List<String> SHAPES =
      List.of(
          "2026-11-29T14:00:00Z",
          "2026-11-29T14:00:00.123Z",
          "2026-11-29T14:00:00.123456789+01:00",
          "2026-11-29T14:00:00.1234567891Z",
          "2026-11-29T14:00:00.Z",
          "2026-11-29T14:00Z",
          "2026-11-29t14:00:00z",
          "2026-11-29T14:00:00-00:00",
          "2026-11-29T14:00:00+18:00",
          "2026-11-29T14:00:00+18:01",
          "2026-11-29T14:00:00+05:60",
          "2026-11-29T14:00:00+05:30:15",
          "2026-11-29T14:00:00+05",
          "2024-02-29T00:00:00Z",
          "2026-02-29T00:00:00Z",
          "2026-13-01T00:00:00Z",
          "2026-11-31T00:00:00Z",
          "2026-11-29T24:00:00Z",
          "2026-11-29T23:59:60Z",
          "0001-01-01T00:00:00Z",
          "+12026-11-29T14:00:00Z",
          "2026-11-29 14:00:00Z",
          "2026-11-29T14:00:00",
          "２026-11-29T14:00:00Z",
          "");

  @Test
  void parse_givenTheShapesSourcesSendAndTheirNearMisses_readsAsTheFormatter() {
    for (String text : SHAPES) {
      assertThat(outcome(() -> IsoTimestamps.parse(text))).as(text).isEqualTo(formatter(text));
    }
  }

  @Test
  void parse_givenRandomEditsOfATimestamp_readsAsTheFormatter() {
    Random random = new Random(18);
    String alphabet = "0123456789:-+.TZz ";
    List<String> texts = new ArrayList<>();
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder(SHAPES.get(random.nextInt(4)));
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(text.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> text.setCharAt(at, c);
          case 1 -> text.insert(at, c);
          default -> text.deleteCharAt(at);
        }
      }
      texts.add(text.toString());
    }

    for (String text : texts) {
      assertThat(outcome(() -> IsoTimestamps.parse(text))).as(text).isEqualTo(formatter(text));
    }
  }

  private static Object formatter(String text) {
    return outcome(
        () -> OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
  }

  /** The instant, or "refused" when the text does not parse. */
  private static Object outcome(java.util.function.Supplier<Instant> parse) {
    try {
      return parse.get();
    } catch (DateTimeParseException refused) {
      return "refused";
    }
  }
}
