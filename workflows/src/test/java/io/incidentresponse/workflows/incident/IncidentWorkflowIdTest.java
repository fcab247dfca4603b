package io.incidentresponse.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An incident's workflow id is how a later alert finds the running incident: it must not change
 * between versions, or alerts of incidents opened before would open new ones.
 */
class IncidentWorkflowIdTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "checkout-checkoutdown",
        "Checkout--Down!!",
        "--edge--",
        "!!!",
        "",
        "Ünïcode service/α β",
        "a very long key that goes on and on past the eighty characters a workflow id keeps readable"
      })
  void workflowId_isTheReadableKeyAndItsHash_asIncidentsOpenedBeforeWereNamed(String key) {
    String id = IncidentKeyRule.workflowId(key);

    assertThat(id).startsWith(readablePrefix(key));
    assertThat(id.substring(id.lastIndexOf('-') + 1)).isNotEmpty().doesNotContain("-");
    assertThat(IncidentKeyRule.workflowId(key)).isEqualTo(id);
  }

  @Test
  void workflowId_ofAnyKey_hasTheReadablePartTheFirstRuleGave() {
    String alphabet = "abcXYZ09-_/ .!İßé\u00e9\ud83d\ude00";
    Random random = new Random(18);
    List<String> keys = new ArrayList<>();
    keys.add("a".repeat(79) + "/b"); // a dash as the 80th readable character is kept
    keys.add("a".repeat(80) + "/b");
    keys.add("İ".repeat(50));
    for (int n = 0; n < 2_000; n++) {
      StringBuilder key = new StringBuilder();
      for (int i = random.nextInt(120); i > 0; i--) {
        key.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      keys.add(key.toString());
    }

    for (String key : keys) {
      String id = IncidentKeyRule.workflowId(key);
      assertThat(id.substring(0, id.lastIndexOf('-') + 1)).as(key).isEqualTo(readablePrefix(key));
    }
  }

  /** The id up to its hash, by the rule as first written (with patterns). */
  private static String readablePrefix(String key) {
    String readable =
        key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (readable.length() > 80) {
      readable = readable.substring(0, 80);
    }
    return "incident-" + (readable.isEmpty() ? "" : readable + "-");
  }
}
