package io.incidentresponse.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Escaping of alert text for mrkdwn, purposes and topics. */
class SlackTextTest {

  @ParameterizedTest(name = "U+{0}")
  @ValueSource(
      strings = {
        "202A", "202B", "202C", "202D", "202E", "2066", "2067", "2068", "2069", "200E", "200F",
        "061C"
      })
  void bidiControls_areShownAsReplacementCharacters(String codePoint) {
    String control = Character.toString(Integer.parseInt(codePoint, 16));

    assertThat(SlackText.escape("invoice" + control + "fdp.exe")).isEqualTo("invoice\uFFFDfdp.exe");
    assertThat(SlackText.line("a" + control)).isEqualTo("a\uFFFD");
  }

  @Test
  void controlCharacters_areShown_tabsBecomeSpaces_lineBreaksKeptOrFolded() {
    String text = "bell\u0007 esc\u001B[31m del\u007F nul\u0000 tab\tend\r\nnext\u2028last";

    assertThat(SlackText.escape(text))
        .isEqualTo("bell\uFFFD esc\uFFFD[31m del\uFFFD nul\uFFFD tab end\nnext\nlast");
    assertThat(SlackText.line(text))
        .isEqualTo("bell\uFFFD esc\uFFFD[31m del\uFFFD nul\uFFFD tab end next last");
  }

  @Test
  void broadcasts_areBrokenWhateverTheirCase() {
    assertThat(SlackText.escape("@HERE @Channel @everyone"))
        .isEqualTo("@\u200BHERE @\u200BChannel @\u200Beveryone");
  }

  @Test
  void truncate_neverCutsAnEntityOrASurrogatePair() {
    assertThat(SlackText.truncate("abc&amp;def", 6)).isEqualTo("abc…");
    assertThat(SlackText.truncate("ab\uD83D\uDE80cd", 4)).isEqualTo("ab…");
    assertThat(SlackText.truncate("short", 10)).isEqualTo("short");
  }

  @Test
  void inCode_escapesEntitiesAndBreaksTheFence() {
    assertThat(SlackText.inCode("{\"approver\":\"<you>\"}```<!channel>"))
        .isEqualTo("{\"approver\":\"&lt;you&gt;\"}'''&lt;!channel&gt;");
  }
}
