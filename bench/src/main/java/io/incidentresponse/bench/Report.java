package io.incidentresponse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown report: one row per figure, this project beside the raw SDK, the ratio and the
 * target with PASS or MISS, under a header naming the machine, its load and the date.
 */
final class Report {
  /** One row; {@code project} and {@code raw} are already formatted. */
  record Row(
      String scenario,
      String measure,
      String project,
      String raw,
      String ratio,
      String target,
      String result) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * A figure with a raw counterpart; the ratio is project over raw and the target applies to it.
   */
  void compare(
      String scenario,
      String measure,
      String unit,
      Stats.Summary project,
      Stats.Summary raw,
      Target target) {
    double ratio = project.median() / raw.median();
    rows.add(
        new Row(
            scenario,
            measure,
            cell(project, unit),
            cell(raw, unit),
            String.format(Locale.ROOT, "%.2f", ratio),
            target == null ? "" : target.text(),
            target == null ? "" : verdict(target, ratio)));
  }

  /** A figure of one side only (or a ratio computed by the caller), checked against a target. */
  void figure(
      String scenario,
      String measure,
      String project,
      String raw,
      String ratio,
      Target target,
      double checked) {
    rows.add(
        new Row(
            scenario,
            measure,
            project,
            raw,
            ratio,
            target == null ? "" : target.text(),
            target == null ? "" : verdict(target, checked)));
  }

  void note(String note) {
    notes.add(note);
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  /**
   * "median (min–max) unit"; the range only when the repeats differ. All three with one decimal
   * below 100 unless all are whole (counts).
   */
  static String cell(Stats.Summary s, String unit) {
    boolean whole = isWhole(s.median()) && isWhole(s.min()) && isWhole(s.max());
    String range =
        s.count() > 1 && s.min() != s.max()
            ? " (" + number(s.min(), whole) + "–" + number(s.max(), whole) + ")"
            : "";
    return number(s.median(), whole) + range + (unit.isEmpty() ? "" : " " + unit);
  }

  static String number(double value) {
    return number(value, isWhole(value));
  }

  private static String number(double value, boolean whole) {
    if (whole || Math.abs(value) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static boolean isWhole(double value) {
    return value == Math.rint(value);
  }

  private static String verdict(Target target, double figure) {
    return Double.isFinite(figure) && target.met(figure) ? "PASS" : "MISS";
  }

  String markdown(List<String> header) {
    StringBuilder out = new StringBuilder();
    header.forEach(line -> out.append(line).append('\n'));
    out.append('\n');
    out.append("| scenario | measure | this project | raw SDK | ratio | target | result |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      out.append("| ")
          .append(
              String.join(
                  " | ",
                  escape(row.scenario()),
                  escape(row.measure()),
                  escape(row.project()),
                  escape(row.raw()),
                  escape(row.ratio()),
                  escape(row.target()),
                  escape(row.result())))
          .append(" |\n");
    }
    if (!notes.isEmpty()) {
      out.append('\n');
      notes.forEach(note -> out.append("- ").append(note).append('\n'));
    }
    return out.toString();
  }

  private static String escape(String cell) {
    return cell.replace("|", "\\|").replace("\n", " ");
  }
}
