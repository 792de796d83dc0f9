package io.taskrunner.collector;

import io.taskrunner.collector.internal.Reorderer;
import io.taskrunner.collector.internal.RunTracker;
import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ProtocolException;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.ResultsTopicMessage;
import io.taskrunner.core.protocol.RunSealed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the results of one run. All results and the seal of a run share one partition of the results
 * topic (keyed by run), in the order workers published them, which is completion order. The collector
 * reads that partition from the start, drops duplicates by task id, orders as configured, and returns when
 * the sealed count of distinct results is in, or when the timeout ends it early.
 *
 * <p>Records that cannot be decoded are logged and skipped; they never stop a collection.
 */
public final class ResultCollector {
    private static final Logger log = LoggerFactory.getLogger(ResultCollector.class);

    private final Consumer<String, byte[]> consumer;
    private final CollectorConfig config;
    private final ProtocolCodec codec;
    private final Clock clock;
    private final CollectorMetrics metrics;

    public ResultCollector(Consumer<String, byte[]> consumer, CollectorConfig config, ProtocolCodec codec, Clock clock) {
        this(consumer, config, codec, clock, CollectorMetrics.inMemory());
    }

    public ResultCollector(Consumer<String, byte[]> consumer, CollectorConfig config, ProtocolCodec codec, Clock clock,
                           CollectorMetrics metrics) {
        this.consumer = consumer;
        this.config = config;
        this.codec = codec;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Collects into {@code sink} until the run is complete or the timeout passes. */
    public CollectionSummary collect(ResultSink sink) {
        TopicPartition partition = runPartition();
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        RunTracker tracker = new RunTracker();
        Reorderer reorderer = new Reorderer(config.order());
        metrics.remaining(config.run(), () -> tracker.expected().isPresent()
                ? tracker.expected().getAsLong() - tracker.answered() : Double.NaN);
        long deadline = config.timeout().map(t -> clock.millis() + t.toMillis()).orElse(Long.MAX_VALUE);
        long skipped = 0;
        long emitted = 0;
        while (!tracker.complete() && clock.millis() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(config.pollTimeout())) {
                if (!config.run().equals(record.key())) {
                    continue;
                }
                ResultsTopicMessage message;
                try {
                    message = codec.decodeResultsTopic(record.value());
                } catch (ProtocolException e) {
                    if (skipped++ < 10) {
                        log.warn("Skipping undecodable record at {}@{}: {}", partition, record.offset(), e.getMessage());
                    }
                    continue;
                }
                if (message instanceof RunSealed sealed) {
                    tracker.seal(sealed.count());
                } else if (message instanceof ResultMessage result) {
                    if (!tracker.accept(result)) {
                        metrics.duplicate();
                        continue;
                    }
                    metrics.received(result.status(), Duration.ofMillis(clock.millis() - result.submittedAt()));
                    for (ResultMessage ready : reorderer.accept(result)) {
                        sink.accept(ready);
                        emitted++;
                    }
                    metrics.buffered(reorderer.heldBack());
                }
            }
        }
        return new CollectionSummary(tracker.complete(), tracker.expected(), tracker.answered(), emitted,
                tracker.duplicates(), tracker.missingSeqs());
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
