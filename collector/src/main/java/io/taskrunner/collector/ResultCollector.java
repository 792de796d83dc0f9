package io.taskrunner.collector;

import io.taskrunner.collector.internal.DecodingPoller;
import io.taskrunner.collector.internal.PayloadFetcher;
import io.taskrunner.collector.internal.StartWatch;
import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.RunStarts;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Collects the results of one run. All results and the seal of a run share one partition of the results
 * topic (keyed by run), in the order workers published them, which is completion order. The collector
 * reads that partition from where the run begins ({@link RunStarts}; when that is not known yet, from the
 * start until it is, see {@link StartWatch}), drops duplicates by sequence number (one bit per task), orders
 * as configured, and returns when the sealed count of distinct results is in, or when the timeout ends it
 * early. The partition is polled and decoded on a thread of its own ({@link DecodingPoller}), beside the
 * ordering and printing on the caller's.
 *
 * <p>Submission order holds back offsets, and the decoded results of those nearest the head within a fixed
 * budget ({@link io.taskrunner.collector.internal.HeldBackPayloads}); the others it reads again from the
 * partition (with a second consumer) when their turn comes, so memory does not grow with the run or the
 * payload size. With a
 * {@link CollectorCheckpoint} the collection resumes after a crash without writing anything twice.
 * Records that cannot be decoded are logged and skipped; they never stop a collection.
 */
public final class ResultCollector {
    /**
     * A checkpoint is saved at most this often (and when the run completes or the collection ends): one per
     * poll cost a file write and rename every few hundred results. A restart replays a little more instead.
     */
    static final long CHECKPOINT_EVERY_MS = 200;
    /** Reading where the run starts may take this long; past it the collector reads from the beginning. */
    private static final Duration START_LOOKUP_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<String, byte[]> consumer;
    private final Consumer<String, byte[]> fetchConsumer;
    private final CollectorConfig config;
    private final ProtocolCodec codec;
    private final Clock clock;
    private final CollectorMetrics metrics;

    /**
     * @param consumer      reads the run's partition in order
     * @param fetchConsumer reads held-back results back by offset (submission order); never the same instance
     */
    public ResultCollector(Consumer<String, byte[]> consumer, Consumer<String, byte[]> fetchConsumer,
                           CollectorConfig config, ProtocolCodec codec, Clock clock, CollectorMetrics metrics) {
        this.consumer = consumer;
        this.fetchConsumer = fetchConsumer;
        this.config = config;
        this.codec = codec;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Collects into {@code sink} until the run is complete or the timeout passes; starts afresh. */
    public CollectionSummary collect(ResultSink sink) {
        return collect(sink, CollectorCheckpoint.NONE, ProgressListener.NONE);
    }

    /** Collects into {@code sink}, resuming from and saving to {@code checkpoint}. */
    public CollectionSummary collect(ResultSink sink, CollectorCheckpoint checkpoint, ProgressListener progress) {
        TopicPartition partition = runPartition();
        StartWatch watch = positionAtStart(partition);
        RunState state = new RunState(config.run(), config.order(), sink, new PayloadFetcher(fetchConsumer, codec),
                clock, metrics, checkpoint.resumeAfterOffset());
        metrics.remaining(config.run(), () -> state.tracker.expected().isPresent()
                ? state.tracker.expected().getAsLong() - state.tracker.answered() : Double.NaN);
        long deadline = config.timeout().map(t -> clock.millis() + t.toMillis()).orElse(Long.MAX_VALUE);
        long unsaved = -1;
        long savedAt = clock.millis();
        try (DecodingPoller poller = new DecodingPoller(consumer, config.run(), codec, config.pollTimeout(), watch)) {
            poller.start();
            while (!state.tracker.complete() && clock.millis() < deadline) {
                DecodingPoller.Batch batch = poller.next(config.pollTimeout());
                for (DecodingPoller.Decoded record : batch.records()) {
                    state.take(record.message(), partition, record.offset(), record.encodedSize());
                }
                sink.flush();
                if (batch.lastOffset() > checkpoint.resumeAfterOffset()) {
                    unsaved = batch.lastOffset();
                }
                if (unsaved >= 0 && clock.millis() - savedAt >= CHECKPOINT_EVERY_MS) {
                    checkpoint.save(unsaved);
                    unsaved = -1;
                    savedAt = clock.millis();
                }
                progress.update(state.tracker.answered(), state.tracker.expected(), state.tracker.answered()
                        - state.stats.count(TaskStatus.SUCCEEDED));
            }
        }
        if (unsaved >= 0) {
            checkpoint.save(unsaved);
        }
        return state.summary();
    }

    /**
     * Assigns the run's partition and positions it where the run's results begin: at the offset announced
     * when the run started ({@link RunStarts}; never before the partition's beginning, which retention moves).
     * Not announced yet: at the beginning, with the control topic assigned too, watched for the notice.
     */
    private StartWatch positionAtStart(TopicPartition partition) {
        long beginning = consumer.beginningOffsets(List.of(partition)).get(partition);
        OptionalLong announced = RunStarts.find(consumer, config.topics(), config.run(), partition.partition(), codec,
                START_LOOKUP_TIMEOUT);
        List<TopicPartition> control = List.copyOf(consumer.assignment()); // where find() left off, if anywhere
        Map<TopicPartition, Long> controlAt = new HashMap<>();
        control.forEach(p -> controlAt.put(p, consumer.position(p)));
        List<TopicPartition> assigned = new ArrayList<>(List.of(partition));
        if (announced.isEmpty()) {
            assigned.addAll(control);
        }
        consumer.assign(assigned);
        consumer.seek(partition, Math.max(beginning, announced.orElse(beginning)));
        if (announced.isPresent() || control.isEmpty()) {
            return StartWatch.NONE;
        }
        controlAt.forEach(consumer::seek);
        return new StartWatch(partition, control, config.run(), codec);
    }

    private TopicPartition runPartition() {
        List<PartitionInfo> partitions = consumer.partitionsFor(config.topics().results());
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("results topic '" + config.topics().results() + "' does not exist; "
                    + "start a worker or producer first, or check --results-topic");
        }
        return new TopicPartition(config.topics().results(), RunPartitioner.partition(config.run(), partitions.size()));
    }
}
