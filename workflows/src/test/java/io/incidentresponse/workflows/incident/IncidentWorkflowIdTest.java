package io.incidentresponse.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
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
    String readable =
        key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (readable.length() > 80) {
      readable = readable.substring(0, 80);
    }

    String id = IncidentKeyRule.workflowId(key);

    assertThat(id).startsWith("incident-" + (readable.isEmpty() ? "" : readable + "-"));
    assertThat(id.substring(id.lastIndexOf('-') + 1)).isNotEmpty().doesNotContain("-");
    assertThat(IncidentKeyRule.workflowId(key)).isEqualTo(id);
  }
}
