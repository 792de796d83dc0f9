package io.taskrunner.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * A grouped horizontal bar chart written as a PNG with nothing but the JDK, for the charts beside
 * {@code docs/BENCHMARKS.md}. Each group (one row of the chart) holds one bar per series; a bar shows a
 * median, with a whisker from the minimum to the maximum and the median written at its end. Groups and
 * series appear in the order they were first given; each series has its own color and a legend entry.
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

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;
    private static final int PAD = 24;
    /** Okabe–Ito colors, told apart with the common color-vision deficiencies too. */
    private static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
            new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x7F7F7F)};
    private static final Color TEXT = new Color(0x222222);
    private static final Color GRID = new Color(0xE3E3E3);
    private static final Color WHISKER = new Color(0x333333);
    private static final String FONT = Font.SANS_SERIF;

    private final String title;
    private final String valueAxisLabel;
    private final Map<String, Map<String, Bar>> groups = new LinkedHashMap<>();
    private final Set<String> series = new LinkedHashSet<>();
    private boolean logScale;

    private record Bar(double median, double min, double max) {
    }

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
     * Adds the bar of {@code series} in {@code group}.
     *
     * @throws IllegalArgumentException if that bar was added already, a value is not finite, or
     *                                  {@code min <= median <= max} does not hold
     */
    BarChart bar(String group, String series, double median, double min, double max) {
        if (!Double.isFinite(median) || !Double.isFinite(min) || !Double.isFinite(max) || min > median
                || median > max) {
            throw new IllegalArgumentException("bar " + group + " / " + series + ": need finite min <= median <= max,"
                    + " got " + min + ", " + median + ", " + max);
        }
        Map<String, Bar> bars = groups.computeIfAbsent(group, g -> new LinkedHashMap<>());
        if (bars.putIfAbsent(series, new Bar(median, min, max)) != null) {
            throw new IllegalArgumentException("bar " + group + " / " + series + " was added already");
        }
        this.series.add(series);
        return this;
    }

    /**
     * Renders the chart to {@code png}, creating its directory if needed.
     *
     * @throws IllegalStateException if there are no bars, or a value is not positive on a log scale
     */
    void write(Path png) throws IOException {
        if (groups.isEmpty()) {
            throw new IllegalStateException("chart '" + title + "' has no bars");
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            draw(g);
        } finally {
            g.dispose();
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    private void draw(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Axis axis = axis();

        // Title, shrunk rather than cut when long.
        Font titleFont = new Font(FONT, Font.BOLD, 20);
        while (g.getFontMetrics(titleFont).stringWidth(title) > WIDTH - 2 * PAD && titleFont.getSize() > 12) {
            titleFont = titleFont.deriveFont(titleFont.getSize2D() - 1);
        }
        g.setFont(titleFont);
        g.setColor(TEXT);
        int y = PAD + g.getFontMetrics().getAscent();
        g.drawString(title, PAD, y);
        y += g.getFontMetrics().getDescent();

        // The whisker gets a legend entry too: min–max is not the only reading of an error bar.
        Font legendFont = new Font(FONT, Font.PLAIN, 13);
        g.setFont(legendFont);
        FontMetrics lm = g.getFontMetrics();
        int legendY = y + 12;
        int x = PAD;
        int i = 0;
        for (String name : series) {
            g.setColor(color(i++));
            g.fillRect(x, legendY, 14, 14);
            g.setColor(TEXT);
            g.drawString(name, x + 20, legendY + 7 + lm.getAscent() / 2 - 1);
            x += 20 + lm.stringWidth(name) + 22;
        }
        g.setColor(WHISKER);
        g.setStroke(new BasicStroke(1.6f));
        int mid = legendY + 7;
        g.draw(new Line2D.Double(x, mid, x + 22, mid));
        g.draw(new Line2D.Double(x, mid - 5, x, mid + 5));
        g.draw(new Line2D.Double(x + 22, mid - 5, x + 22, mid + 5));
        g.setColor(TEXT);
        g.drawString("min–max", x + 30, mid + lm.getAscent() / 2 - 1);
        int plotTop = legendY + 14 + 18;

        // Group labels on the left, wrapped to at most a third of the width.
        Font labelFont = new Font(FONT, Font.PLAIN, 14);
        FontMetrics gm = g.getFontMetrics(labelFont);
        int maxLabel = WIDTH / 3;
        Map<String, List<String>> wrapped = new LinkedHashMap<>();
        int labelWidth = 0;
        for (String group : groups.keySet()) {
            List<String> lines = wrap(group, gm, maxLabel);
            wrapped.put(group, lines);
            for (String line : lines) {
                labelWidth = Math.max(labelWidth, gm.stringWidth(line));
            }
        }

        // Room on the right for the median written after the longest whisker.
        Font valueFont = new Font(FONT, Font.PLAIN, 12);
        FontMetrics vm = g.getFontMetrics(valueFont);
        int valueWidth = 0;
        for (Map<String, Bar> bars : groups.values()) {
            for (Bar bar : bars.values()) {
                valueWidth = Math.max(valueWidth, vm.stringWidth(formatValue(bar.median())));
            }
        }

        Font tickFont = new Font(FONT, Font.PLAIN, 12);
        FontMetrics tm = g.getFontMetrics(tickFont);
        Font axisFont = new Font(FONT, Font.PLAIN, 14);
        FontMetrics am = g.getFontMetrics(axisFont);
        int plotLeft = PAD + labelWidth + 14;
        int plotRight = WIDTH - PAD - valueWidth - 10;
        int plotBottom = HEIGHT - PAD - am.getHeight() - 8 - tm.getHeight() - 6;
        double plotWidth = plotRight - plotLeft;

        g.setFont(tickFont);
        g.setStroke(new BasicStroke(1f));
        for (double tick : axis.ticks()) {
            double tx = plotLeft + axis.position(tick) * plotWidth;
            g.setColor(GRID);
            g.draw(new Line2D.Double(tx, plotTop, tx, plotBottom));
            g.setColor(TEXT);
            String text = axis.format(tick);
            g.drawString(text, (float) (tx - tm.stringWidth(text) / 2.0), plotBottom + 6 + tm.getAscent());
        }
        g.setColor(TEXT);
        g.draw(new Line2D.Double(plotLeft, plotBottom, plotRight, plotBottom));
        g.draw(new Line2D.Double(plotLeft, plotTop, plotLeft, plotBottom));
        g.setFont(axisFont);
        String axisText = valueAxisLabel + (logScale ? " (log scale)" : "");
        g.drawString(axisText, (float) (plotLeft + (plotWidth - am.stringWidth(axisText)) / 2.0),
                HEIGHT - PAD - am.getDescent());

        // Bars: each group a band, each series a slot in it, so a series keeps its place when a group lacks it.
        double band = (double) (plotBottom - plotTop) / groups.size();
        double barHeight = Math.min(44, band * 0.72 / series.size());
        List<String> seriesOrder = new ArrayList<>(series);
        int row = 0;
        for (Map.Entry<String, Map<String, Bar>> group : groups.entrySet()) {
            double center = plotTop + band * (row++ + 0.5);
            double first = center - barHeight * series.size() / 2.0;

            g.setFont(labelFont);
            g.setColor(TEXT);
            List<String> lines = wrapped.get(group.getKey());
            double lineY = center - gm.getHeight() * lines.size() / 2.0 + gm.getAscent();
            for (String line : lines) {
                g.drawString(line, (float) (plotLeft - 10 - gm.stringWidth(line)), (float) lineY);
                lineY += gm.getHeight();
            }

            for (Map.Entry<String, Bar> entry : group.getValue().entrySet()) {
                int slot = seriesOrder.indexOf(entry.getKey());
                Bar bar = entry.getValue();
                double top = first + slot * barHeight + 1;
                double height = barHeight - 2;
                double end = plotLeft + axis.position(bar.median()) * plotWidth;
                g.setColor(color(slot));
                g.fill(new Rectangle2D.Double(plotLeft, top, Math.max(1, end - plotLeft), height));

                double whiskerY = top + height / 2;
                double lo = plotLeft + axis.position(bar.min()) * plotWidth;
                double hi = plotLeft + axis.position(bar.max()) * plotWidth;
                double cap = Math.min(height * 0.5, 10) / 2;
                g.setColor(WHISKER);
                g.setStroke(new BasicStroke(1.6f));
                g.draw(new Line2D.Double(lo, whiskerY, hi, whiskerY));
                g.draw(new Line2D.Double(lo, whiskerY - cap, lo, whiskerY + cap));
                g.draw(new Line2D.Double(hi, whiskerY - cap, hi, whiskerY + cap));

                g.setFont(valueFont);
                g.setColor(TEXT);
                g.drawString(formatValue(bar.median()), (float) (Math.max(end, hi) + 6),
                        (float) (whiskerY + vm.getAscent() / 2.0 - 1));
            }
        }
    }

    private Axis axis() {
        double low = Double.MAX_VALUE;
        double high = 0;
        for (Map<String, Bar> bars : groups.values()) {
            for (Bar bar : bars.values()) {
                low = Math.min(low, bar.min());
                high = Math.max(high, bar.max());
            }
        }
        if (logScale) {
            if (low <= 0) {
                throw new IllegalStateException("chart '" + title + "' has a value <= 0 on a log scale");
            }
            return Axis.log(low, high);
        }
        if (low < 0) {
            throw new IllegalStateException("chart '" + title + "' has a negative value; bars start at zero");
        }
        return Axis.linear(high);
    }

    private static Color color(int index) {
        return PALETTE[index % PALETTE.length];
    }

    /** Three significant digits at least, thousands grouped: medians are read, not computed with. */
    private static String formatValue(double value) {
        double magnitude = Math.abs(value);
        int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && metrics.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /**
     * Where a value falls along the value axis (0 at the start, 1 at the end), and its ticks; {@code decimals}
     * is negative when each tick picks its own.
     */
    private record Axis(boolean log, double start, double end, List<Double> ticks, int decimals) {
        /** From zero to a round value at or above {@code high}, in steps of 1, 2, 2.5 or 5 × 10ⁿ. */
        static Axis linear(double high) {
            double top = high > 0 ? high : 1;
            double raw = top / 8;
            double power = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = power * 10;
            for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
                if (factor * power >= raw) {
                    step = factor * power;
                    break;
                }
            }
            double end = Math.ceil(top / step - 1e-9) * step;
            List<Double> ticks = new ArrayList<>();
            for (int k = 0; k * step <= end + step / 1e6; k++) {
                ticks.add(k * step);
            }
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9) + (step / power == 2.5 ? 1 : 0));
            return new Axis(false, 0, end, ticks, decimals);
        }

        /**
         * From the 1-2-5 value below {@code low} (strictly, so the shortest bar still shows) to the one at or
         * above {@code high}, ticked at every 1-2-5 value in between, or only at powers of ten when that would
         * crowd the axis.
         */
        static Axis log(double low, double high) {
            List<Double> candidates = new ArrayList<>();
            for (int exponent = (int) Math.floor(Math.log10(low)) - 1;
                 exponent <= (int) Math.ceil(Math.log10(high)) + 1; exponent++) {
                for (double factor : new double[] {1, 2, 5}) {
                    candidates.add(factor * Math.pow(10, exponent));
                }
            }
            double start = candidates.get(0);
            double end = candidates.get(candidates.size() - 1);
            for (double c : candidates) {
                if (c < low * (1 - 1e-9)) {
                    start = c;
                }
            }
            for (int k = candidates.size() - 1; k >= 0; k--) {
                if (candidates.get(k) >= high * (1 - 1e-9)) {
                    end = candidates.get(k);
                }
            }
            List<Double> ticks = new ArrayList<>();
            for (double c : candidates) {
                if (c >= start * (1 - 1e-9) && c <= end * (1 + 1e-9)) {
                    ticks.add(c);
                }
            }
            if (ticks.size() > 10) {
                start = Math.pow(10, Math.floor(Math.log10(low) - 1e-9));
                end = Math.pow(10, Math.ceil(Math.log10(high) - 1e-9));
                ticks.clear();
                for (double t = start; t <= end * (1 + 1e-9); t *= 10) {
                    ticks.add(t);
                }
            }
            return new Axis(true, start, end, ticks, -1);
        }

        double position(double value) {
            if (log) {
                return (Math.log(value) - Math.log(start)) / (Math.log(end) - Math.log(start));
            }
            return (value - start) / (end - start);
        }

        /** Linear ticks share the decimals of their step; a log tick has as many as its own magnitude needs. */
        String format(double tick) {
            int places = decimals >= 0 ? decimals : Math.max(0, (int) -Math.floor(Math.log10(tick) + 1e-9));
            return String.format(Locale.ROOT, "%,." + places + "f", tick);
        }
    }
}
