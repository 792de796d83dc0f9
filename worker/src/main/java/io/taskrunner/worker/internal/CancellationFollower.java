package io.taskrunner.worker.internal;

import io.taskrunner.core.protocol.Cancellation;
import io.taskrunner.core.protocol.LongTaskFinished;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ProtocolException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole control topic, from its start and then as it grows: cancellations into
 * {@link CancelledTasks}, notices of finished long tasks into a set for {@link LaneWatch}. Every worker runs
 * one, without a consumer group, so every worker sees every control record.
 */
public final class CancellationFollower implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(CancellationFollower.class);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final ProtocolCodec codec;
    private final CancelledTasks cancelled;
    private final Set<String> finishedLongTasks;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean stopping;

    /**
     * @param finishedLongTasks where the origins of finished long tasks ({@link LongTaskFinished}) are added
     */
    public CancellationFollower(Consumer<String, byte[]> consumer, String topic, ProtocolCodec codec,
                                CancelledTasks cancelled, Set<String> finishedLongTasks) {
        this.finishedLongTasks = finishedLongTasks;
        this.consumer = consumer;
        this.topic = topic;
        this.codec = codec;
        this.cancelled = cancelled;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!stopping) {
                // Checked before each poll too: with nothing to read, the first poll would only wait.
                if (caughtUp.getCount() > 0 && end.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        Record message = codec.decodeControl(record.value());
                        if (message instanceof Cancellation cancellation) {
                            cancelled.add(cancellation);
                        } else if (message instanceof LongTaskFinished done) {
                            finishedLongTasks.add(done.origin());
                        }
                    } catch (ProtocolException e) {
                        log.warn("Skipping undecodable control record at offset {}: {}", record.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    /** Waits until the cancellations that existed when the follower started have been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        stopping = true;
        consumer.wakeup();
    }
}
