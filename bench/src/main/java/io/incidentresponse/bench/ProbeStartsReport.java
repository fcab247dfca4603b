package io.incidentresponse.bench;

import java.util.List;
import java.util.Locale;

/**
 * The probes scenario's rows on when the probes began: from the histories, the first probe's start
 * after the round was scheduled and the last start after the first (the stagger), beside the raw
 * workflow's 8 activities; and when the probes' first requests reached the outside systems.
 */
final class ProbeStartsReport {
  private ProbeStartsReport() {}

  static void add(
      Report report,
      String scenario,
      List<ProbeScenario.Measured> measured,
      List<ActivityStarts> raw) {
    List<ActivityStarts> ours = measured.stream().map(ProbeScenario.Measured::starts).toList();
    report.figure(
        scenario,
        "probes began (history): first scheduled → first started; first → last started",
        cells(ours),
        cells(raw),
        ratio(ours, raw),
        null,
        0);
    List<Double> atStub =
        measured.stream().map(m -> new ActivityStarts(m.atStubStarts()).stagger()).toList();
    report.figure(
        scenario,
        "probes' first requests at the outside systems: first → last",
        Report.cell(Stats.Summary.of(atStub), "ms"),
        "",
        "",
        null,
        0);
  }

  private static String cells(List<ActivityStarts> starts) {
    return Report.cell(Stats.Summary.of(starts.stream().map(ActivityStarts::first).toList()), "ms")
        + "; "
        + Report.cell(
            Stats.Summary.of(starts.stream().map(ActivityStarts::stagger).toList()), "ms");
  }

  /** The staggers' ratio, or empty when raw's is 0 (all began in the same millisecond). */
  private static String ratio(List<ActivityStarts> ours, List<ActivityStarts> raw) {
    double theirs = Stats.Summary.of(raw.stream().map(ActivityStarts::stagger).toList()).median();
    double mine = Stats.Summary.of(ours.stream().map(ActivityStarts::stagger).toList()).median();
    return theirs == 0 ? "" : String.format(Locale.ROOT, "%.2f", mine / theirs);
  }
}
