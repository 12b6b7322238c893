package dev.taskengine.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's chart: mean page time against page depth, from {@link DepthBenchmark}'s figures. */
final class DepthChart {
  private DepthChart() {}

  private static final int WIDTH = 900;
  private static final int HEIGHT = 520;

  /** One line style per way of reaching the deep page. */
  private record Line(String method, String label, BasicStroke stroke, boolean square) {}

  private static final String DEPTH = DepthBenchmark.class.getSimpleName();

  private static final List<Line> LINES =
      List.of(
          new Line(DEPTH + ".keysetPage", "keyset", SeriesLines.SOLID, false),
          new Line(DEPTH + ".offsetPage", "OFFSET", SeriesLines.DASH_DASH, true));

  private static final Map<String, Color> STORE_COLORS =
      Map.of(
          "memory", new Color(0x1b, 0x9e, 0x77),
          "sqlite", new Color(0xd9, 0x5f, 0x02),
          "postgresql", new Color(0x75, 0x70, 0xb3));

  /**
   * Draws mean page time against depth, one series per store and way of paging.
   *
   * @return false, writing nothing, when the figures hold no depth series
   */
  static boolean draw(List<Figure> figures, Path file) throws IOException {
    // XChart measures text through AWT; a machine without a display must not need one.
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Page of 100 tasks against its depth (mean)")
            .xAxisTitle("Depth (tasks above the page)")
            .yAxisTitle("Mean page time (µs, log scale)")
            .build();
    XYStyler styler = chart.getStyler();
    styler.setLocale(Locale.ROOT);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
    styler.setLegendPosition(LegendPosition.OutsideE);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setMarkerSize(7);
    styler.setYAxisLogarithmic(true);
    styler.setYAxisDecimalPattern("#,##0.#");
    styler.setXAxisDecimalPattern("#,##0");

    List<String> stores = new ArrayList<>(Figure.STORES);
    figures.stream()
        .map(f -> f.key().store())
        .filter(store -> !stores.contains(store))
        .distinct()
        .sorted()
        .forEach(stores::add);
    int series = 0;
    long smallestDepth = Long.MAX_VALUE;
    long largestDepth = Long.MIN_VALUE;
    for (Line line : LINES) {
      for (String store : stores) {
        List<Figure> points =
            figures.stream()
                .filter(f -> f.key().benchmark().equals(line.method()))
                .filter(f -> f.key().store().equals(store))
                .filter(f -> f.key().depth().isPresent() && f.mean() > 0)
                .sorted(Comparator.comparingLong(f -> f.key().depth().orElseThrow()))
                .toList();
        if (points.isEmpty()) {
          continue;
        }
        List<Long> depths = points.stream().map(f -> f.key().depth().orElseThrow()).toList();
        List<Double> means = points.stream().map(Figure::mean).toList();
        smallestDepth = Math.min(smallestDepth, depths.get(0));
        largestDepth = Math.max(largestDepth, depths.get(depths.size() - 1));
        XYSeries drawn = chart.addSeries(line.label() + ", " + store, depths, means);
        Color color = STORE_COLORS.getOrDefault(store, Color.DARK_GRAY);
        drawn.setLineColor(color);
        drawn.setMarkerColor(color);
        drawn.setLineStyle(line.stroke());
        drawn.setMarker(line.square() ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
        series++;
      }
    }
    if (series == 0) {
      return false;
    }
    // Depths grow by factors of ten; a log axis keeps the shallow points apart. One depth alone
    // has no range to take the log of.
    boolean logDepth = smallestDepth > 0 && largestDepth > smallestDepth;
    styler.setXAxisLogarithmic(logDepth);
    if (logDepth) {
      chart.setXAxisTitle("Depth (tasks above the page, log scale)");
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    VectorGraphicsEncoder.saveVectorGraphic(chart, file.toString(), VectorGraphicsFormat.SVG);
    return true;
  }
}
