package io.incidentresponse.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MonthlyReportRendererTest {

  @Test
  void october_followsTheRunbookTemplate_withHumanDurations() {
    String md = MonthlyReportRenderer.render(ReportFixtures.october(), "2026-10-chart.png");

    assertThat(md).startsWith("# Monthly Incident Report - October 2026\n\n## Summary\n");
    assertThat(md)
        .contains(
            "- Total Incidents: 12\n"
                + "- P0 Incidents: 1\n"
                + "- P1 Incidents: 3\n"
                + "- Average MTTR: 1 h 05 min\n"
                + "- SLO Compliance: 91.7%\n")
        .contains("- Average MTTD: 4 min\n")
        .contains("- Average MTTA: 7 min\n")
        // 11700 s = 195 min
        .contains("- Average MTTA: 7 min\n- Average Time to Resolve: 3 h 15 min\n")
        .contains("MTTR is the time to recover: from detection to service restored")
        .contains("- False Positives: 2 (left out of every other figure)\n");
    assertThat(md)
        .contains("| checkout | 3 d 02 h |\n| payments | 7 d 04 h |\n")
        .contains("![MTTR and incident count per week](2026-10-chart.png)")
        .contains("| 2026-10-05 | 4 | 1 h 30 min |")
        .contains("| 2026-10-12 | 0 | n/a |");
    assertThat(md)
        .contains(
            "## Top Issues\n"
                + "1. CheckoutHighErrorRate (4 incidents)\n"
                + "2. KubePodCrashLooping (3 incidents)\n"
                + "3. PostgresTooManyConnections (1 incident)\n")
        .contains(
            "## Improvements Made\n"
                + "- Add a p95 latency alert for checkout (SRE)\n"
                + "- Runbook: read replica switch\n")
        .contains("Open action items from this month's incidents: 4")
        .endsWith(
            "## Focus Areas for Next Month\n"
                + "- MTTA of P1 incidents above 15 min\n"
                + "- checkout: 4 incidents\n");
  }

  @Test
  void october_breaksTheActionItemsDownByKind_underTheRunbooksTwoGroups() {
    String md = MonthlyReportRenderer.render(ReportFixtures.october(), null);

    assertThat(md)
        .contains(
            "| Group | Kind | Done | Open | Overdue |\n"
                + "|-------|------|------|------|---------|\n"
                + "| Technical | Code fixes | 0 | 2 | 1 |\n"
                + "| Technical | Monitoring enhancements | 1 | 0 | 0 |\n"
                + "| Technical | Testing improvements | 0 | 0 | 0 |\n"
                + "| Technical | Documentation updates | 0 | 1 | 1 |\n"
                + "| Technical | **All technical** | 1 | 3 | 2 |\n"
                + "| Process | Runbook updates | 1 | 0 | 0 |\n"
                + "| Process | Training | 0 | 0 | 0 |\n"
                + "| Process | Tool improvements | 0 | 0 | 0 |\n"
                + "| Process | Communication | 0 | 0 | 0 |\n"
                + "| Process | **All process** | 1 | 0 | 0 |\n"
                + "| No kind | not given | 0 | 1 | 0 |\n\n");
    assertThat(md.indexOf("## Improvements Made"))
        .isLessThan(md.indexOf("### Action Items by Kind"))
        .isLessThan(md.indexOf("## Runbook Sections Changed"));
  }

  @Test
  void october_listsWhichRunbookSectionChangedAfterWhichIncident() {
    String md = MonthlyReportRenderer.render(ReportFixtures.october(), null);

    // a pipe in the section cannot break the table; the day is in the report's zone
    assertThat(md)
        .contains(
            "## Runbook Sections Changed\n"
                + "| Section | After incident | Service | Item | Change | Done | Link |\n"
                + "|---------|----------------|---------|------|--------|------|------|\n"
                + "| Mitigation \\| Database | incident-payments-PostgresTooManyConnections"
                + " | payments | AI-2 | Runbook: read replica switch | 2026-10-21"
                + " | https://github.com/acme/runbook/pull/7 |\n\n");
    assertThat(md.indexOf("## Runbook Sections Changed")).isLessThan(md.indexOf("## Drills"));
  }

  @Test
  void quietMonth_saysNoRunbookSectionChanged_andHasNoKindTable() {
    String md = MonthlyReportRenderer.render(ReportFixtures.quiet(), null);

    assertThat(md)
        .contains("## Runbook Sections Changed\nNo runbook section was changed after an incident")
        .doesNotContain("### Action Items by Kind");
  }

  @Test
  void monthWithDrills_scoresEachUnderDrillsAgainstItsTargets() {
    String md = MonthlyReportRenderer.render(ReportFixtures.octoberWithDrills(), null);

    assertThat(md)
        .contains(
            "## Drills\n"
                + "1 of 2 drills met every target. Drill incidents are in none of the figures above")
        .contains(
            "| 2026-10-15 10:00 | checkout-DrillErrors-1015 | checkout | P1 | 2 min / 5 min"
                + " | 10 min / 1 h 00 min | 30 min / 4 h 00 min | PASS |\n")
        .contains(
            "| 2026-10-20 09:00 | payments-DrillLatency-1020 | payments | P0 | 3 min / 5 min"
                + " | 40 min / 15 min (over) | not reached / 1 h 00 min | FAIL |\n");
    // the real figures are the month's own, and the section sits before the focus areas
    assertThat(md).contains("- Total Incidents: 12\n");
    assertThat(md.indexOf("## Improvements Made"))
        .isLessThan(md.indexOf("## Drills"))
        .isLessThan(md.indexOf("## Focus Areas for Next Month"));
    assertThat(md.indexOf("## Drills")).isLessThan(md.indexOf("## Focus Areas for Next Month"));
  }

  @Test
  void monthWithoutDrills_saysSo() {
    assertThat(MonthlyReportRenderer.render(ReportFixtures.october(), null))
        .contains("## Drills\nNo drill incident this month.\n");
  }

  @Test
  void sectionsComeInTheTemplatesOrder() {
    String md = MonthlyReportRenderer.render(ReportFixtures.october(), "2026-10-chart.png");

    assertThat(md.indexOf("## Summary"))
        .isLessThan(md.indexOf("## Top Issues"))
        .isLessThan(md.indexOf("## Improvements Made"))
        .isLessThan(md.indexOf("## Focus Areas for Next Month"));
    assertThat(md.indexOf("## Top Issues")).isLessThan(md.indexOf("## Improvements Made"));
    assertThat(md.indexOf("## Improvements Made"))
        .isLessThan(md.indexOf("## Focus Areas for Next Month"));
  }

  @Test
  void quietMonth_saysNaForWhatCannotBeAveraged() {
    String md = MonthlyReportRenderer.render(ReportFixtures.quiet(), "2026-02-chart.png");

    assertThat(md)
        .contains("# Monthly Incident Report - February 2026")
        .contains("- Total Incidents: 0\n")
        .contains("- Average MTTR: n/a\n")
        .contains("- Average Time to Resolve: n/a\n")
        .contains("- SLO Compliance: n/a\n")
        .contains("- Average MTTD: n/a\n")
        .contains("n/a: no service had two incidents this month.")
        .contains("No incidents this month.")
        .contains("- No postmortem action item was completed this month.")
        .contains("- Nothing stood out: keep the current practices.");
  }

  @Test
  void sameMetrics_sameText() {
    assertThat(MonthlyReportRenderer.render(ReportFixtures.october(), "c.png"))
        .isEqualTo(MonthlyReportRenderer.render(ReportFixtures.october(), "c.png"));
  }

  @Test
  void durations_readLikeAPersonWouldWriteThem() {
    assertThat(MonthlyReportRenderer.duration(null)).isEqualTo("n/a");
    assertThat(MonthlyReportRenderer.duration(44.6)).isEqualTo("45 s");
    assertThat(MonthlyReportRenderer.duration(90.0)).isEqualTo("2 min");
    assertThat(MonthlyReportRenderer.duration(3900.0)).isEqualTo("1 h 05 min");
    assertThat(MonthlyReportRenderer.duration(3599.9)).isEqualTo("1 h 00 min");
    assertThat(MonthlyReportRenderer.duration(26 * 3600.0)).isEqualTo("1 d 02 h");
    assertThat(MonthlyReportRenderer.percent(1.0)).isEqualTo("100.0%");
    assertThat(MonthlyReportRenderer.percent(null)).isEqualTo("n/a");
  }
}
