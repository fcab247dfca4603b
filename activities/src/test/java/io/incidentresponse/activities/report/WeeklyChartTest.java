package io.incidentresponse.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

class WeeklyChartTest {

  @Test
  void png_isAValidImageOfTheFixedSize() throws Exception {
    byte[] png = WeeklyChart.png(ReportFixtures.october());

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(400);
  }

  @Test
  void chart_hasTwoSeriesWithOnePointPerWeek_andGapsForWeeksWithoutMttr() {
    MonthlyMetrics october = ReportFixtures.october();

    CategoryChart chart = WeeklyChart.chart(october);

    assertThat(chart.getSeriesMap()).containsOnlyKeys(WeeklyChart.INCIDENTS, WeeklyChart.MTTR);
    CategorySeries incidents = chart.getSeriesMap().get(WeeklyChart.INCIDENTS);
    CategorySeries mttr = chart.getSeriesMap().get(WeeklyChart.MTTR);
    assertThat(incidents.getXData()).hasSize(october.weeks().size());
    assertThat(new ArrayList<Object>(incidents.getXData()))
        .containsExactly((Object[]) new String[] {"Sep 28", "Oct 5", "Oct 12", "Oct 19", "Oct 26"});
    assertThat(numbers(incidents)).containsExactly(2.0, 4.0, 0.0, 3.0, 3.0);
    assertThat(numbers(mttr)).containsExactly(45.0, 90.0, null, 30.0, 70.0);
    assertThat(incidents.getChartCategorySeriesRenderStyle())
        .isEqualTo(CategorySeries.CategorySeriesRenderStyle.Bar);
    assertThat(mttr.getChartCategorySeriesRenderStyle())
        .isEqualTo(CategorySeries.CategorySeriesRenderStyle.Line);
    assertThat(mttr.getYAxisGroup()).isEqualTo(1);
  }

  @Test
  void quietMonth_withoutAnyMttr_stillRenders() throws Exception {
    MonthlyMetrics quiet = ReportFixtures.quiet();

    CategoryChart chart = WeeklyChart.chart(quiet);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(WeeklyChart.png(quiet)));

    assertThat(chart.getSeriesMap().get(WeeklyChart.MTTR).getYData()).hasSize(5);
    assertThat(image.getWidth()).isEqualTo(800);
  }

  private static List<Double> numbers(CategorySeries series) {
    List<Double> values = new ArrayList<>();
    for (Number n : series.getYData()) {
      values.add(n == null ? null : n.doubleValue());
    }
    return values;
  }
}
