package io.taskrunner.collector;

import io.taskrunner.collector.internal.HeldBackPayloads;
import io.taskrunner.collector.internal.PayloadFetcher;
import io.taskrunner.collector.internal.Reorderer;
import io.taskrunner.collector.internal.RunTracker;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.ResultsTopicMessage;
import io.taskrunner.core.protocol.RunSealed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collection of one run: de-duplication, ordering, statistics and emission. Shared by
 * {@link ResultCollector} (one run) and {@link RunFollower} (every run). Not thread-safe.
 */
final class RunState {
    private static final Logger log = LoggerFactory.getLogger(RunState.class);
    private static final int EMIT_CHUNK = 1000;

    final String run;
    final RunTracker tracker = new RunTracker();
    final CollectionStats stats;
    private final Reorderer reorderer = new Reorderer();
    private final HeldBackPayloads<ResultMessage> kept = new HeldBackPayloads<>();
    private final ResultOrder order;
    private final ResultSink sink;
    private final PayloadFetcher fetcher;
    private final Clock clock;
    private final CollectorMetrics metrics;
    private final long replayUntil;
    private long emitted;

    /**
     * @param replayUntil records up to this offset only rebuild state; their output was written before
     */
    RunState(String run, ResultOrder order, ResultSink sink, PayloadFetcher fetcher, Clock clock,
             CollectorMetrics metrics, long replayUntil) {
        this.run = run;
        this.order = order;
        this.sink = sink;
        this.fetcher = fetcher;
        this.clock = clock;
        this.metrics = metrics;
        this.replayUntil = replayUntil;
        this.stats = new CollectionStats(clock.millis());
    }

    /**
     * Takes one decoded record of this run found at {@code offset} of {@code partition}, {@code encodedSize}
     * bytes long (what it counts against the memory budget if it has to wait for an earlier result).
     */
    void take(ResultsTopicMessage message, TopicPartition partition, long offset, int encodedSize) {
        if (message instanceof RunSealed sealed) {
            tracker.seal(sealed.count());
            return;
        }
        ResultMessage result = (ResultMessage) message;
        if (!tracker.accept(result.seq())) {
            metrics.duplicate();
            return;
        }
        boolean replaying = offset <= replayUntil;
        stats.count(result);
        if (!replaying) {
            long latency = clock.millis() - result.submittedAt();
            stats.latency(latency);
            metrics.received(result.status(), Duration.ofMillis(latency));
        }
        if (order == ResultOrder.COMPLETION) {
            emit(result, replaying);
            return;
        }
        reorderer.accept(result.seq(), offset);
        List<Reorderer.Ready> ready;
        boolean waiting = true; // nothing becomes ready unless this result was the next one due
        while (!(ready = reorderer.takeReady(EMIT_CHUNK)).isEmpty()) {
            waiting = false;
            Map<Long, ResultMessage> fetched = replaying ? Map.of() : readBack(partition, ready, offset);
            for (Reorderer.Ready next : ready) {
                emit(next.offset() == offset ? result : fetched.get(next.offset()), replaying);
            }
        }
        if (waiting && !replaying) {
            kept.keep(result.seq(), result, encodedSize); // held back: its turn has not come
        }
        metrics.buffered(reorderer.heldBack());
    }

    /** The held-back results among {@code ready} (all but the one at {@code current}): from memory, else from Kafka. */
    private Map<Long, ResultMessage> readBack(TopicPartition partition, List<Reorderer.Ready> ready, long current) {
        Map<Long, ResultMessage> found = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (Reorderer.Ready next : ready) {
            if (next.offset() == current) {
                continue;
            }
            ResultMessage result = kept.take(next.seq());
            if (result != null) {
                found.put(next.offset(), result);
            } else {
                missing.add(next.offset());
            }
        }
        if (!missing.isEmpty()) {
            missing.sort(null);
            found.putAll(fetcher.fetch(partition, missing));
        }
        return found;
    }

    /** Writes through what this run's sink was given. */
    void flush() {
        sink.flush();
    }

    long emitted() {
        return emitted;
    }

    CollectionSummary summary() {
        stats.finishedAt(clock.millis());
        return new CollectionSummary(tracker.complete(), tracker.expected(), tracker.answered(), emitted,
                tracker.duplicates(), tracker.missingSeqs(), stats);
    }

    private void emit(ResultMessage result, boolean replaying) {
        emitted++;
        if (replaying) {
            return;
        }
        if (result == null) {
            log.warn("A held-back result of run {} is gone from the results topic (retention?); it is not printed", run);
            return;
        }
        sink.accept(result);
    }
}
