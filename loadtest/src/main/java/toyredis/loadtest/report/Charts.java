package toyredis.loadtest.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import toyredis.loadtest.load.RunResult;

/**
 * Line charts against the number of connections (log scale), and bar charts of a count per
 * server, saved as PNG without a display; each server in its colour ({@link ServerStyles}), each
 * chart titled as the command line says ({@link ChartLook}).
 */
public final class Charts {

    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    /**
     * One line: its name in the legend, the results it is drawn from, its colour (null: XChart's
     * next one) and whether it is dashed (a second line of the same server, such as its p99).
     */
    public record Line(String name, List<RunResult> results, ToDoubleFunction<RunResult> value, Color colour,
            boolean dashed) {

        public Line(String name, List<RunResult> results, ToDoubleFunction<RunResult> value) {
            this(name, results, value, null, false);
        }
    }

    /** A y axis: linear from zero, logarithmic, or logarithmic only where the values need it ({@link #logScale}). */
    public enum Axis { LINEAR, LOG, AUTO }

    /** A log axis pays off when every value is above zero and the largest is at least this many times the smallest. */
    static final double LOG_SPREAD = 100;

    private Charts() {
    }

    /**
     * Whether values are best read on a log axis: all above zero (a log axis cannot show zero) and
     * spanning two orders of magnitude or more, where a linear axis flattens the small ones onto zero.
     */
    public static boolean logScale(Collection<Double> values) {
        if (values.isEmpty() || values.stream().anyMatch(v -> !(v > 0))) {
            return false;
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return max / min >= LOG_SPREAD;
    }

    /**
     * Saves a chart as {@code dir/name.png}, titled as {@code look} says (else {@code title}). A log
     * y axis cannot show zero, so on one the points whose value is zero (no replies at all) are left
     * out of their line. A linear chart whose every point is zero says so in its title, so that
     * nobody squints at a flat line. Only the connection counts measured are labelled on the x axis.
     */
    public static Path save(Path dir, String name, String title, String yTitle, Axis axis, List<Line> lines,
            ChartLook look) {
        System.setProperty("java.awt.headless", "true");
        List<Double> values = lines.stream()
                .flatMap(line -> line.results().stream().map(r -> line.value().applyAsDouble(r))).toList();
        boolean logY = axis == Axis.LOG || look.logY(name) || (axis == Axis.AUTO && logScale(values));
        boolean everyPointZero = !logY && values.stream().allMatch(v -> v == 0);
        Set<Long> measured = lines.stream().flatMap(line -> line.results().stream())
                .map(r -> (long) r.spec().connections()).collect(Collectors.toSet());
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(look.titleOf(name, everyPointZero ? title + ": 0 at every point" : title))
                .xAxisTitle(xTitle(measured)).yAxisTitle(logY ? yTitle + " (log scale)" : yTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setXAxisLogarithmic(true);
        styler.setYAxisLogarithmic(logY);
        style(styler, lines.stream().map(Line::name).toList());
        styler.setXAxisLogarithmicDecadeOnly(false);
        styler.setXAxisTickLabelsFormattingFunction(x -> xLabel(x, measured));
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
                if (line.colour() != null) {
                    series.setLineColor(line.colour());
                    series.setMarkerColor(line.colour());
                }
                if (line.dashed()) {
                    series.setLineStyle(SeriesLines.DASH_DASH);
                }
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
     * one bar per series (such as a server) in each group, its value printed over it; the y axis
     * is logarithmic where the values need it ({@link #logScale}), else linear from zero. A series
     * value may be null (no bar): with {@code oneBarPerCategory} each series has a bar in only one
     * category, drawn centred there, and the category's name says whose it is and its value, so
     * no legend and no label over the bar.
     */
    public static Path bars(Path dir, String name, String title, String yTitle, List<String> categories,
            Map<String, List<Double>> series, Map<String, Color> colours, boolean oneBarPerCategory, ChartLook look) {
        System.setProperty("java.awt.headless", "true");
        List<Double> values = series.values().stream().flatMap(List::stream).filter(v -> v != null).toList();
        boolean logY = look.logY(name) || logScale(values);
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(look.titleOf(name, title))
                .yAxisTitle(logY ? yTitle + " (log scale)" : yTitle).build();
        CategoryStyler styler = chart.getStyler();
        style(styler, new ArrayList<>(series.keySet()));
        styler.setYAxisLogarithmic(logY);
        // Whole numbers where the bars are large, two decimals where some are below 10 (milliseconds, say).
        boolean small = !values.isEmpty() && Collections.min(values) > 0 && Collections.min(values) < 10;
        styler.setYAxisDecimalPattern(small ? "#,##0.##" : "#,###");
        // Bars start at the axis's minimum: zero on a linear axis, the power of ten below the smallest on a log one.
        styler.setYAxisMin(logY ? Math.pow(10, Math.floor(Math.log10(Collections.min(values)))) : 0.0);
        // The number over each bar, so that a zero reads as "0", not as no bar; with one bar per
        // category the category's name carries it instead, readable over any bar.
        styler.setLabelsVisible(!oneBarPerCategory);
        // Names that cannot stand side by side under their groups are tilted, as one bar per category's are.
        boolean crowded = categories.stream().mapToInt(String::length).sum() > 110;
        styler.setXAxisLabelRotation(oneBarPerCategory || crowded ? 20 : 0);
        styler.setLabelsFontColorAutomaticEnabled(true); // light on a dark bar, dark on a light one
        styler.setLabelsPosition(0.9);
        styler.setOverlapped(oneBarPerCategory);
        styler.setLegendVisible(!oneBarPerCategory);
        series.forEach((label, numbers) -> {
            CategorySeries bars = chart.addSeries(label, categories, numbers);
            Color colour = colours.get(label);
            if (colour != null) {
                bars.setFillColor(colour);
            }
        });
        return write(chart, dir, name);
    }

    /** A line over time: the server it belongs to (its legend and colour) and its points, x and y alike long. */
    public record TimeLine(String server, List<Double> seconds, List<Double> values) {
    }

    /**
     * Saves a chart of values over time as {@code dir/name.png}: seconds on a linear x axis, one
     * line per server in its colour with its name from {@code look}, the y axis linear from zero
     * (logarithmic only when asked, --log-y, and then without the points at zero or below), and a
     * vertical line at {@code markSeconds} (such as a deadline) that the x axis's title explains.
     */
    public static Path overTime(Path dir, String name, String title, String xTitle, String yTitle, List<TimeLine> lines,
            double markSeconds, ChartLook look) {
        System.setProperty("java.awt.headless", "true");
        boolean logY = look.logY(name);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(look.titleOf(name, title))
                .xAxisTitle(xTitle).yAxisTitle(logY ? yTitle + " (log scale)" : yTitle).build();
        XYStyler styler = chart.getStyler();
        style(styler, lines.stream().map(line -> look.servers().name(line.server())).toList());
        styler.setYAxisLogarithmic(logY);
        styler.setXAxisMin(0.0);
        styler.setXAxisDecimalPattern("#,##0.#");
        styler.setYAxisDecimalPattern("#,##0.###");
        styler.setMarkerSize(5);
        if (!logY) {
            styler.setYAxisMin(0.0);
        }
        for (TimeLine line : lines) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < line.seconds().size(); i++) {
                if (!logY || line.values().get(i) > 0) {
                    x.add(line.seconds().get(i));
                    y.add(line.values().get(i));
                }
            }
            if (!x.isEmpty()) {
                XYSeries series = chart.addSeries(look.servers().name(line.server()), x, y);
                series.setMarker(SeriesMarkers.CIRCLE);
                Color colour = look.servers().colour(line.server());
                if (colour != null) {
                    series.setLineColor(colour);
                    series.setMarkerColor(colour);
                }
            }
        }
        styler.setAnnotationLineColor(Color.GRAY);
        styler.setAnnotationLineStroke(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
                java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        chart.addAnnotation(new AnnotationLine(markSeconds, true, false));
        return write(chart, dir, name);
    }

    /**
     * The label of a tick of the connections axis (1, 2 ... 9, 10, 20 ... 90, 100 ...): the
     * decades, for orientation, and the connection counts measured; nothing for the others.
     */
    static String xLabel(double tick, Set<Long> measured) {
        long rounded = Math.round(tick);
        if (Math.abs(tick - rounded) > 1e-6 * Math.max(1, tick)) {
            return "";
        }
        boolean decade = rounded > 0 && Math.abs(Math.log10(rounded) - Math.round(Math.log10(rounded))) < 1e-9;
        return decade || measured.contains(rounded) ? String.format(Locale.ROOT, "%,d", rounded) : "";
    }

    /**
     * "connections (log scale)", and the counts measured when some fall between the ticks
     * (1 ... 9, 10, 20 ... 90, 100 ...) and so get no label of their own, such as 16 and 32.
     */
    static String xTitle(Set<Long> measured) {
        boolean between = measured.stream().anyMatch(n -> xLabel(n, Set.of()).isEmpty() && !onATick(n));
        return between ? "connections (log scale), measured at " + measured.stream().sorted()
                .map(n -> String.format(Locale.ROOT, "%,d", n)).collect(Collectors.joining(", ")) : "connections (log scale)";
    }

    /** Whether a count is one of the log axis's ticks: a digit 1-9 followed by zeros. */
    private static boolean onATick(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n >= 1 && n <= 9;
    }

    /** Colour pairs for bars that are not servers: blue, light blue, orange, light orange, green, light green, ... */
    private static final List<Color> PAIRS = List.of(new Color(31, 119, 180), new Color(158, 202, 225),
            new Color(230, 85, 13), new Color(253, 174, 107), new Color(49, 163, 84), new Color(161, 217, 155),
            new Color(117, 107, 177), new Color(188, 189, 220));

    /** Each name its colour from {@link #PAIRS} in turn, so that neighbours pair up as dark and light. */
    public static Map<String, Color> pairedColours(List<String> names) {
        Map<String, Color> colours = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            colours.put(names.get(i), PAIRS.get(i % PAIRS.size()));
        }
        return colours;
    }

    /** White background, light grid, the legend under the plot: one row, or one line per entry when long. */
    private static void style(AxesChartStyler styler, List<String> legend) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        // One row of legend holds about 120 characters; more lines get a row each instead of being cut off.
        int legendChars = legend.stream().mapToInt(entry -> entry.length() + 6).sum();
        styler.setLegendLayout(legendChars > 120 ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
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
