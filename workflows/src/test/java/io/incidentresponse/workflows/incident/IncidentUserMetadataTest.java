package io.incidentresponse.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentresponse.workflows.policy.Classification;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The static summary and details stay within the server's limits whatever the alerts say. */
class IncidentUserMetadataTest {
  private static Classification opened(String service, String title) {
    return new Classification(Severity.P0, Impact.CRITICAL, service, "shop", title, "why");
  }

  /** Bytes of the JSON string the summary is sent as. */
  private static int jsonBytes(String text) throws Exception {
    return new ObjectMapper().writeValueAsString(text).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void summary_isSeverityServiceAndTitle_escapedForMarkdown() {
    assertThat(IncidentUserMetadata.summary(opened("checkout", "5xx *above* 5%")))
        .isEqualTo("P0 · checkout · 5xx \\*above\\* 5%");
  }

  @Test
  void summary_ofAHugeTitle_fitsTheServersLimitAsJson() throws Exception {
    for (String unit : new String[] {"a", "\"", "é", "😀", "\\", "`"}) {
      String summary = IncidentUserMetadata.summary(opened("checkout", unit.repeat(5_000)));

      assertThat(jsonBytes(summary))
          .as(unit)
          .isLessThanOrEqualTo(IncidentUserMetadata.MAX_SUMMARY_BYTES);
      assertThat(summary).startsWith("P0 · checkout · ").endsWith("…");
      assertThat(summary.codePoints()).as("never half a character").doesNotContain(0xFFFD);
    }
  }

  @Test
  void details_nameEverySignalWithItsExample_andStaySmallForHugeInput() {
    String details =
        IncidentUserMetadata.details(opened("s".repeat(10_000), "<b>t</b>".repeat(10_000)));

    for (IncidentSignals signal : IncidentSignals.values()) {
      assertThat(details).contains("`" + signal.signalName() + "` `" + signal.example() + "`");
    }
    assertThat(details).doesNotContain("<b>");
    assertThat(details.getBytes(StandardCharsets.UTF_8).length).isLessThan(4_000);
  }
}
