package toyredis.loadtest.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import toyredis.loadtest.load.RunResult;

/**
 * Line charts against the number of connections (log scale), and bar charts of a count per
 * server, saved as PNG without a display.
 */
public final class Charts {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    /** One line: its name in the legend, and the results it is drawn from. */
    public record Line(String name, List<RunResult> results, ToDoubleFunction<RunResult> value) {
    }

    private Charts() {
    }

    /**
     * Saves a chart as {@code dir/name.png}. A log y axis cannot show zero, so on one the points
     * whose value is zero (no replies at all) are left out of their line. A linear chart whose
     * every point is zero says so in its title, so that nobody squints at a flat line.
     */
    public static Path save(Path dir, String name, String title, String yTitle, boolean logY, List<Line> lines) {
        System.setProperty("java.awt.headless", "true");
        boolean everyPointZero = !logY && lines.stream()
                .allMatch(line -> line.results().stream().allMatch(r -> line.value().applyAsDouble(r) == 0));
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(everyPointZero ? title + ": 0 at every point" : title)
                .xAxisTitle("connections (log scale)").yAxisTitle(yTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setXAxisLogarithmic(true);
        styler.setYAxisLogarithmic(logY);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        // One row of legend holds about 120 characters; more lines get a row each instead of being cut off.
        int legendChars = lines.stream().mapToInt(line -> line.name().length() + 6).sum();
        styler.setLegendLayout(legendChars > 120 ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setXAxisDecimalPattern("#,###");
        styler.setYAxisDecimalPattern("#,##0.###");
        styler.setMarkerSize(7);
        for (Line line : lines) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (RunResult r : line.results()) {
                double v = line.value().applyAsDouble(r);
                if (!logY || v > 0) {
                    x.add((double) r.spec().connections());
                    y.add(v);
                }
            }
            if (!x.isEmpty()) {
                XYSeries series = chart.addSeries(line.name(), x, y);
                series.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        if (!logY) {
            styler.setYAxisMin(0.0); // a linear axis from zero does not exaggerate small differences
            if (everyPointZero) {
                styler.setYAxisMax(1.0); // "no errors" reads better as a line at the bottom of 0..1
            }
        }
        return write(chart, dir, name);
    }

    /**
     * Saves a bar chart as {@code dir/name.png}: one group of bars per category (such as a round),
     * one bar per series (such as a server) in each group, on a linear axis from zero.
     */
    public static Path bars(Path dir, String name, String title, String yTitle, List<String> categories,
            Map<String, List<Double>> series) {
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical); // one series per row: long names fit
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLabelsVisible(true); // the number over each bar: a zero must read as "0", not as no bar
        series.forEach((label, values) -> chart.addSeries(label, categories, values));
        return write(chart, dir, name);
    }

    private static Path write(Chart<?, ?> chart, Path dir, String name) {
        Path file = dir.resolve(name + ".png");
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
