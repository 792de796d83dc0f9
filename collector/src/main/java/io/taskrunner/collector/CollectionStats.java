package io.taskrunner.collector;

import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskStatus;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a collection saw: results per status and per worker, and the submitted-to-collected latency of the
 * results collected live (not those replayed after a restart). Not thread-safe.
 */
public final class CollectionStats {
    private final Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
    private final Map<String, Long> byWorker = new TreeMap<>();
    private final Histogram latencyMs = new Histogram(3_600_000L, 3);
    private final long startedAt;
    private long finishedAt;

    public CollectionStats(long startedAt) {
        this.startedAt = startedAt;
        this.finishedAt = startedAt;
    }

    void count(ResultMessage result) {
        byStatus.merge(result.status(), 1L, Long::sum);
        byWorker.merge(result.worker().isEmpty() ? "?" : result.worker(), 1L, Long::sum);
    }

    void latency(long millis) {
        latencyMs.recordValue(Math.max(0, Math.min(millis, latencyMs.getHighestTrackableValue())));
    }

    void finishedAt(long millis) {
        finishedAt = millis;
    }

    public Map<TaskStatus, Long> byStatus() {
        return Map.copyOf(byStatus);
    }

    public Map<String, Long> byWorker() {
        return Map.copyOf(byWorker);
    }

    public long count(TaskStatus status) {
        return byStatus.getOrDefault(status, 0L);
    }

    /** Latency percentile in ms (e.g. 99.0), of the results collected live; 0 when there were none. */
    public long latencyPercentileMs(double percentile) {
        return latencyMs.getTotalCount() == 0 ? 0 : latencyMs.getValueAtPercentile(percentile);
    }

    /** Several lines for a person, e.g. the collector's summary on stderr. */
    public String describe() {
        long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
        double seconds = Math.max(1, finishedAt - startedAt) / 1000.0;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  results: %d in %.1f s (%.1f/s):", total, seconds, total / seconds));
        byStatus.forEach((status, count) -> out.append(' ').append(status).append('=').append(count));
        if (latencyMs.getTotalCount() > 0) {
            out.append(String.format(Locale.ROOT, "%n  latency submitted->collected: p50 %d ms, p95 %d ms, p99 %d ms, "
                    + "max %d ms", latencyPercentileMs(50), latencyPercentileMs(95), latencyPercentileMs(99),
                    latencyMs.getMaxValue()));
        }
        out.append(String.format("%n  per worker:"));
        byWorker.forEach((worker, count) -> out.append(' ').append(worker).append('=').append(count));
        return out.toString();
    }
}
