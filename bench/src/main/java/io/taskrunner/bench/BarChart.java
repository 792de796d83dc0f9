package io.taskrunner.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;

/**
 * A grouped horizontal chart of medians and ranges, written as a PNG with JFreeChart, for the charts beside
 * {@code docs/BENCHMARKS.md}. Each group (one row of the chart) holds one mark per series: a box from the
 * minimum to the maximum of the repetitions, with a line at the median. Groups and series appear in the order
 * they were first given; each series has its own color and a legend entry.
 *
 * <p>The value axis is linear from zero, or logarithmic ({@link #logScale()}) for values that span more than
 * a decade, such as tasks/s of pipelines that differ 50-fold. Rendering needs no display: the JVM is put in
 * headless mode when this class loads, unless {@code java.awt.headless} was already set.
 *
 * <p>Not thread-safe; build a chart, then {@link #write(Path)} it.
 */
final class BarChart {
    static {
        // A benchmark run on a server has no display; without this, the first AWT call may look for one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final int WIDTH = 1000;
    static final int HEIGHT = 560;
    /** Okabe–Ito colors, told apart with the common color-vision deficiencies too. */
    private static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
            new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x7F7F7F)};

    private final String title;
    private final String valueAxisLabel;
    private final DefaultBoxAndWhiskerCategoryDataset dataset = new DefaultBoxAndWhiskerCategoryDataset();
    private final Set<String> bars = new LinkedHashSet<>();
    private boolean logScale;

    private BarChart(String title, String valueAxisLabel) {
        this.title = title;
        this.valueAxisLabel = valueAxisLabel;
    }

    /** An empty chart with a title above it and a label under its value axis. */
    static BarChart of(String title, String valueAxisLabel) {
        return new BarChart(title, valueAxisLabel);
    }

    /** Makes the value axis logarithmic; every value must then be positive. */
    BarChart logScale() {
        logScale = true;
        return this;
    }

    /**
     * Adds the mark of {@code series} in {@code group}.
     *
     * @throws IllegalArgumentException if that mark was added already, a value is not finite, or
     *                                  {@code min <= median <= max} does not hold
     */
    BarChart bar(String group, String series, double median, double min, double max) {
        if (!Double.isFinite(median) || !Double.isFinite(min) || !Double.isFinite(max) || min > median
                || median > max) {
            throw new IllegalArgumentException("bar " + group + " / " + series + ": need finite min <= median <= max,"
                    + " got " + min + ", " + median + ", " + max);
        }
        if (!bars.add(group + "\u0000" + series)) {
            throw new IllegalArgumentException("bar " + group + " / " + series + " was added already");
        }
        // The box spans the repetitions, min to max; the median is its line. No whiskers, no outliers.
        dataset.add(new BoxAndWhiskerItem(median, median, min, max, min, max, min, max, List.of()), series, group);
        return this;
    }

    /**
     * Renders the chart to {@code png}, creating its directory if needed.
     *
     * @throws IllegalStateException if there are no bars, or a value is not positive on a log scale
     */
    void write(Path png) throws IOException {
        if (bars.isEmpty()) {
            throw new IllegalStateException("chart '" + title + "' has no bars");
        }
        if (logScale && dataset.getRangeBounds(false).getLowerBound() <= 0) {
            throw new IllegalStateException("chart '" + title + "' has a value <= 0 on a log scale");
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart(), WIDTH, HEIGHT);
    }

    private JFreeChart chart() {
        BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
        renderer.setMeanVisible(false);
        renderer.setMedianVisible(true);
        renderer.setMaxOutlierVisible(false);
        renderer.setMinOutlierVisible(false);
        renderer.setUseOutlinePaintForWhiskers(true);
        renderer.setDefaultOutlinePaint(Color.DARK_GRAY);
        renderer.setDefaultOutlineStroke(new BasicStroke(1.5f));
        renderer.setMaximumBarWidth(0.12);
        for (int i = 0; i < dataset.getRowCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        ValueAxis values;
        if (logScale) {
            LogAxis log = new LogAxis(valueAxisLabel);
            log.setSmallestValue(1e-9);
            log.setTickUnit(new NumberTickUnit(1)); // a labelled tick per power of ten, nine minor ones between
            log.setMinorTickCount(9);
            log.setMinorTickMarksVisible(true);
            log.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            values = log;
        } else {
            NumberAxis linear = new NumberAxis(valueAxisLabel);
            linear.setAutoRangeIncludesZero(true);
            values = linear;
        }
        values.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        CategoryAxis groups = new CategoryAxis();
        groups.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        groups.setMaximumCategoryLabelLines(3);
        CategoryPlot plot = new CategoryPlot(dataset, groups, values, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xCCCCCC));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
