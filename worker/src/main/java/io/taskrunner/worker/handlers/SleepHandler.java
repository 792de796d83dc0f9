package io.taskrunner.worker.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.worker.TaskContext;
import io.taskrunner.worker.TaskHandler;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sleep}: sleeps {@code {"ms": N}} milliseconds, or a random time in {@code minMs..maxMs}
 * ({@code {"minMs": A, "maxMs": B, "seed": S}}; with a seed the time depends only on the seed and the
 * task's sequence number, so it is the same whichever worker runs it). Returns {@code "slept 2s"}.
 */
public final class SleepHandler implements TaskHandler {
    private static final Logger log = LoggerFactory.getLogger(SleepHandler.class);
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    @Override
    public String type() {
        return "sleep";
    }

    @Override
    public Object handle(TaskContext context, JsonNode payload) throws InterruptedException {
        long ms = duration(context, payload);
        log.info("Task {} started (will take {})", context.id(), seconds(ms));
        Thread.sleep(ms);
        return "slept " + seconds(ms);
    }

    static long duration(TaskContext context, JsonNode payload) {
        if (payload.has("ms")) {
            return nonNegative(payload.get("ms"), "ms");
        }
        if (payload.has("minMs") && payload.has("maxMs")) {
            long min = nonNegative(payload.get("minMs"), "minMs");
            long max = nonNegative(payload.get("maxMs"), "maxMs");
            if (max < min) {
                throw new IllegalArgumentException("sleep payload: maxMs (" + max + ") is less than minMs (" + min + ")");
            }
            if (payload.has("seed")) {
                return new SplittableRandom(payload.get("seed").asLong() ^ (context.seq() * GOLDEN_GAMMA))
                        .nextLong(min, max + 1);
            }
            return ThreadLocalRandom.current().nextLong(min, max + 1);
        }
        throw new IllegalArgumentException("sleep payload needs {\"ms\": N} or {\"minMs\": A, \"maxMs\": B}");
    }

    private static long nonNegative(JsonNode node, String field) {
        if (!node.canConvertToLong() || node.asLong() < 0) {
            throw new IllegalArgumentException("sleep payload: '" + field + "' must be a whole number >= 0, was " + node);
        }
        return node.asLong();
    }

    static String seconds(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format(java.util.Locale.ROOT, "%.3fs", ms / 1000.0);
    }
}
