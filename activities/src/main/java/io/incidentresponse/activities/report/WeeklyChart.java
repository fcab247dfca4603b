package io.incidentresponse.activities.report;

import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The monthly report's chart: incidents per week as bars (left axis) and their MTTR (mean time to
 * recover) in minutes as a line (right axis), one category per week starting on Monday. A week with
 * no restored incident has no MTTR: its point is left out of the line (a gap), never drawn as 0,
 * which would read as "restored at once". Rendered off-screen ({@code java.awt.headless=true}) at a
 * fixed {@value #WIDTH}x{@value #HEIGHT}.
 */
public final class WeeklyChart {
  public static final int WIDTH = 800;
  public static final int HEIGHT = 400;
  public static final String INCIDENTS = "Incidents";
  public static final String MTTR = "MTTR (min)";

  private static final DateTimeFormatter WEEK =
      DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

  static {
    // A worker on a server has no display; AWT must not look for one.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private WeeklyChart() {}

  /** The chart object, before rendering: two series with one point per week. */
  public static CategoryChart chart(MonthlyMetrics metrics) {
    CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
    chart.setTitle(
        "Incidents and MTTR per week - "
            + metrics.month().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
            + " "
            + metrics.month().getYear());
    chart.setXAxisTitle("Week starting (Monday)");
    chart.setYAxisGroupTitle(0, "Incidents");
    chart.setYAxisGroupTitle(1, "MTTR (minutes)");
    chart
        .getStyler()
        .setLegendPosition(Styler.LegendPosition.InsideNE)
        .setChartBackgroundColor(Color.WHITE)
        .setAntiAlias(true);
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    chart.getStyler().setYAxisMin(0, 0.0).setYAxisMin(1, 0.0);
    chart.getStyler().putYAxisGroupDecimalPatternMap(0, "#");
    chart.getStyler().putYAxisGroupDecimalPatternMap(1, "#");
    chart.getStyler().setOverlapped(true);

    List<MonthlyMetrics.Week> weeks =
        metrics.weeks() == null || metrics.weeks().isEmpty()
            ? List.of(new MonthlyMetrics.Week(metrics.month().atDay(1), 0, null))
            : metrics.weeks();
    List<String> labels = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    List<Double> mttrMinutes = new ArrayList<>();
    for (MonthlyMetrics.Week week : weeks) {
      labels.add(WEEK.format(week.weekStart()));
      counts.add(week.incidents());
      mttrMinutes.add(week.mttrSeconds() == null ? null : week.mttrSeconds() / 60.0);
    }
    CategorySeries bars = chart.addSeries(INCIDENTS, labels, counts);
    bars.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
    bars.setFillColor(new Color(0x4C, 0x78, 0xA8));
    bars.setYAxisGroup(0);
    CategorySeries line = chart.addSeries(MTTR, labels, mttrMinutes);
    line.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    line.setLineColor(new Color(0xE4, 0x57, 0x56));
    line.setMarkerColor(new Color(0xE4, 0x57, 0x56));
    line.setYAxisGroup(1);
    return chart;
  }

  /** The chart as PNG bytes. */
  public static byte[] png(MonthlyMetrics metrics) {
    try {
      return BitmapEncoder.getBitmapBytes(chart(metrics), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the report chart as PNG", e);
    }
  }
}
