package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.policy.Classification;
import java.nio.charset.StandardCharsets;

/**
 * The static summary and details an incident is started with (Temporal's user metadata), shown with
 * its current details ({@link IncidentDetails}) on the "User Metadata" tab of its page in the
 * Temporal Web UI: one line saying what it was opened as, and Markdown saying what the workflow is
 * and which signals a person sends from the UI, with JSON from {@link IncidentSignals}. Both are
 * fixed at the start; severity and phase may change later, the current details say what holds now.
 * Everything that came from alerts is escaped ({@link Texts#markdown}) and bounded: the server
 * refuses a summary payload over 400 bytes and details over 20,000 (its {@code
 * limit.userMetadataSummarySize} / {@code DetailsSize}), and the UI passes them in a URL.
 */
public final class IncidentUserMetadata {
  /** Bytes of the summary as the server counts them (JSON-encoded), well under its 400. */
  static final int MAX_SUMMARY_BYTES = 300;

  /** Characters of a title or name in the details. */
  static final int MAX_TEXT = 200;

  private IncidentUserMetadata() {}

  /** {@code P1 · checkout · Checkout error ratio above 5%}, at most {@link #MAX_SUMMARY_BYTES}. */
  public static String summary(Classification c) {
    return withinJsonBytes(
        c.severity() + " · " + Texts.markdown(c.service()) + " · " + Texts.markdown(c.title()),
        MAX_SUMMARY_BYTES);
  }

  /** What the incident is and the signals a person sends it, as Markdown. */
  public static String details(Classification c) {
    StringBuilder out = new StringBuilder();
    out.append("Incident on **")
        .append(Texts.markdown(Texts.truncated(c.service(), MAX_TEXT)))
        .append("** (")
        .append(Texts.markdown(Texts.truncated(c.namespace(), MAX_TEXT)))
        .append("), opened as ")
        .append(c.severity())
        .append(": ")
        .append(Texts.markdown(Texts.truncated(c.title(), MAX_TEXT)))
        .append(
            "\n\nThe runbook as a workflow: page, channel, diagnosis, mitigation (risky actions wait"
                + " for approval), monitoring, closure. Current Details (beside) say where it"
                + " stands and the action ids.\n\n")
        .append("Send from More Actions → Send a Signal; replace YOUR_NAME and ACTION_ID:\n\n");
    for (IncidentSignals signal : IncidentSignals.values()) {
      out.append("- `")
          .append(signal.signalName())
          .append("` `")
          .append(signal.example())
          .append("`\n");
    }
    return out.toString();
  }

  /**
   * {@code text} cut (with an ellipsis) so that its JSON string encoding takes at most {@code max}
   * bytes: UTF-8, a quote or backslash two, another control character six; never inside a
   * character.
   */
  static String withinJsonBytes(String text, int max) {
    if (2 + text.codePoints().map(IncidentUserMetadata::jsonBytes).sum() <= max) {
      return text;
    }
    int budget = max - 2 - jsonBytes('…'); // the quotes and the ellipsis
    int end = 0;
    while (end < text.length()) {
      int cost = jsonBytes(text.codePointAt(end));
      if (cost > budget) {
        break;
      }
      budget -= cost;
      end = text.offsetByCodePoints(end, 1);
    }
    return text.substring(0, end) + "…";
  }

  /** Bytes of one character inside a JSON string. */
  private static int jsonBytes(int codePoint) {
    if (codePoint == '"' || codePoint == '\\') {
      return 2;
    }
    if (codePoint < 0x20) {
      return 6;
    }
    return Character.toString(codePoint).getBytes(StandardCharsets.UTF_8).length;
  }
}
