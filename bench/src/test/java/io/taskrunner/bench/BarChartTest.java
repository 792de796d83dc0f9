package io.taskrunner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark charts: drawn by JFreeChart to a PNG of a fixed size, and refused when they cannot be drawn. */
class BarChartTest {
    @TempDir
    Path dir;

    @Test
    void writesEachSeriesInItsColorToAPngOfTheChartsSize() throws Exception {
        Path png = dir.resolve("charts/throughput.png");
        BarChart.of("Scenario 1 (median, min–max)", "tasks/s").logScale()
                .bar("bare pipe", "tasks/s", 150_000, 140_000, 170_000)
                .bar("taskrunner", "tasks/s", 80_000, 70_000, 90_000)
                .bar("Parallel Consumer", "tasks/s", 6_000, 5_900, 6_500)
                .write(png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(BarChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(BarChart.HEIGHT);
        assertThat(pixelsOf(image, 0x0072B2)).as("the series' boxes, in its color").isGreaterThan(500);
    }

    @Test
    void refusesWhatItCannotDraw() {
        assertThatThrownBy(() -> BarChart.of("t", "x").bar("g", "s", 5, 6, 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min <= median <= max");
        assertThatThrownBy(() -> BarChart.of("t", "x").bar("g", "s", 5, 4, 6).bar("g", "s", 5, 4, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("added already");
        assertThatThrownBy(() -> BarChart.of("t", "x").write(dir.resolve("empty.png")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no bars");
        assertThatThrownBy(() -> BarChart.of("t", "x").logScale().bar("g", "s", 1, 0, 2).write(dir.resolve("log.png")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("log scale");
    }

    private static int pixelsOf(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
