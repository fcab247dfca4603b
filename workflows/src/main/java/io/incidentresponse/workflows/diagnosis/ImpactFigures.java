package io.incidentresponse.workflows.diagnosis;

import static io.incidentresponse.workflows.diagnosis.FindingFacts.ERROR_RATIO;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.ERROR_RATIO_BEFORE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.LATENCY_P95;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.LATENCY_P95_BEFORE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.REQUEST_RATE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.REQUEST_RATE_BEFORE;
import static io.incidentresponse.workflows.diagnosis.FindingFacts.UP;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * The Prometheus figures behind an incident's impact, from the service-metrics finding of a
 * diagnosis: error ratio, request rate and p95 latency against an hour earlier, and the share of
 * targets up. Pure, so the workflow's messages and the postmortem say the same.
 */
public final class ImpactFigures {
  private ImpactFigures() {}

  /**
   * e.g. {@code error ratio 0.2% -> 31.0%, requests 150 -> 120/s, p95 0.30 s -> 1.90 s, 80% of
   * targets up}; null when the report has no service-metrics figures.
   */
  public static String of(DiagnosisReport report) {
    if (report == null) {
      return null;
    }
    for (Finding finding : report.findings()) {
      if (finding.probe() == DiagnosisProbe.SERVICE_METRICS
          && finding.outcome() != FindingOutcome.UNAVAILABLE) {
        return describe(finding.facts());
      }
    }
    return null;
  }

  static String describe(Map<String, String> facts) {
    List<String> parts = new ArrayList<>();
    change(facts, ERROR_RATIO, ERROR_RATIO_BEFORE, "error ratio ", ImpactFigures::percent, "")
        .ifPresent(parts::add);
    change(facts, REQUEST_RATE, REQUEST_RATE_BEFORE, "requests ", ImpactFigures::rate, "/s")
        .ifPresent(parts::add);
    change(facts, LATENCY_P95, LATENCY_P95_BEFORE, "p95 ", ImpactFigures::seconds, "")
        .ifPresent(parts::add);
    double up = number(facts.get(UP));
    if (!Double.isNaN(up) && up < 1) {
      parts.add(percent(up) + " of targets up");
    }
    return parts.isEmpty() ? null : String.join(", ", parts);
  }

  private static Optional<String> change(
      Map<String, String> facts,
      String nowKey,
      String beforeKey,
      String label,
      DoubleFunction<String> format,
      String unit) {
    double now = number(facts.get(nowKey));
    if (Double.isNaN(now)) {
      return Optional.empty();
    }
    double before = number(facts.get(beforeKey));
    return Optional.of(
        label
            + (Double.isNaN(before) ? "" : format.apply(before) + " -> ")
            + format.apply(now)
            + unit
            + (Double.isNaN(before) ? " (no figure an hour earlier)" : ""));
  }

  private static double number(String value) {
    if (value == null) {
      return Double.NaN;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      return Double.isFinite(parsed) ? parsed : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static String rate(double perSecond) {
    return perSecond >= 10
        ? String.format(Locale.ROOT, "%.0f", perSecond)
        : String.format(Locale.ROOT, "%.2f", perSecond);
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "%.2f s", value);
  }
}
