package io.taskrunner.worker.internal;

import io.taskrunner.worker.WorkerMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets of the {@link ConsumerGroupSource}'s partitions and their commits: per partition the lowest
 * unfinished task's offset ({@link PartitionOffsets}), committed every {@value #COMMIT_INTERVAL_MS} ms, or
 * at once ({@code commit(true)}, before partitions are revoked and at stop).
 *
 * <p>With a transactional producer (exactly-once) the finished outcomes are held here instead, and every
 * {@value #TRANSACTION_INTERVAL_MS} ms those below each partition's lowest unfinished offset are written
 * together with that offset in one transaction.
 *
 * <p>Not thread-safe: the source's poll thread alone calls it (commit callbacks run inside its polls).
 */
final class OffsetCommits {
    private static final Logger log = LoggerFactory.getLogger(OffsetCommits.class);
    /** Offsets of finished tasks are committed this often (and at once on revocation). */
    static final long COMMIT_INTERVAL_MS = 1000;
    static final long TRANSACTION_INTERVAL_MS = 100;

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> transactional;
    private final ResultPublisher publisher;
    private final WorkerMetrics metrics;
    private final Map<TopicPartition, PartitionOffsets> offsets = new HashMap<>();
    private long lastCommitAt;

    /**
     * @param transactional the publisher's producer with transactions initialised (exactly-once), or null
     *                      when results are published as tasks finish and only offsets are committed here
     */
    OffsetCommits(Consumer<String, byte[]> consumer, Producer<String, byte[]> transactional, ResultPublisher publisher,
                  WorkerMetrics metrics) {
        this.consumer = consumer;
        this.transactional = transactional;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** Whether outcomes are written here, in transactions with their offsets. */
    boolean exactlyOnce() {
        return transactional != null;
    }

    void started(TopicPartition partition, long offset) {
        offsets.computeIfAbsent(partition, p -> new PartitionOffsets()).started(offset);
    }

    /**
     * The task at {@code offset} is done: its result acknowledged by the broker, or (exactly-once) its
     * {@code outcome} waiting here to be written. Ignored for a partition no longer owned: its new owner runs
     * the task again, and only that result counts.
     */
    void finished(TopicPartition partition, long offset, Outcome outcome) {
        PartitionOffsets state = offsets.get(partition);
        if (state == null) {
            return;
        }
        if (transactional == null) {
            state.finished(offset);
        } else {
            state.finished(offset, outcome);
        }
    }

    /** Outcomes waiting to be written (exactly-once), behind a task still running. */
    int unwritten() {
        return offsets.values().stream().mapToInt(PartitionOffsets::unwritten).sum();
    }

    /** Forgets partitions now another worker's (revoked after {@code commit(true)}, or lost). */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(offsets::remove);
    }

    /**
     * Commits the offsets reached (exactly-once: writes the writable outcomes with them), if the interval has
     * passed or {@code now}; {@code now} waits for the commit. A failed plain commit is logged (the tasks
     * since the last one may run again).
     *
     * @throws IllegalStateException when a transaction fails: the worker must stop rather than write twice
     */
    void commit(boolean now) {
        if (transactional != null) {
            writeTransaction(now);
            return;
        }
        if (!now && System.currentTimeMillis() - lastCommitAt < COMMIT_INTERVAL_MS) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((partition, state) -> state.toCommit()
                .ifPresent(offset -> commits.put(partition, new OffsetAndMetadata(offset))));
        lastCommitAt = System.currentTimeMillis();
        if (commits.isEmpty()) {
            return;
        }
        try {
            if (now) {
                consumer.commitSync(commits);
                markCommitted(commits);
            } else {
                // The callback runs inside a later poll(), on this same thread.
                consumer.commitAsync(commits, (committed, error) -> {
                    if (error != null) {
                        log.warn("Offset commit failed ({}); tasks since the last commit may run again",
                                error.getMessage());
                    } else {
                        markCommitted(committed);
                    }
                });
            }
        } catch (KafkaException e) {
            log.warn("Offset commit failed ({}); tasks since the last commit may run again", e.getMessage());
        }
    }

    /** Exactly-once: writes the outcomes that may be written and their offsets in one transaction. */
    private void writeTransaction(boolean now) {
        if (!now && System.currentTimeMillis() - lastCommitAt < TRANSACTION_INTERVAL_MS) {
            return;
        }
        lastCommitAt = System.currentTimeMillis();
        List<Outcome> writable = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((partition, state) -> {
            writable.addAll(state.takeWritable());
            state.toCommit().ifPresent(offset -> commits.put(partition, new OffsetAndMetadata(offset)));
        });
        if (writable.isEmpty() && commits.isEmpty()) {
            return;
        }
        try {
            transactional.beginTransaction();
            writable.forEach(publisher::send);
            if (!commits.isEmpty()) {
                transactional.sendOffsetsToTransaction(commits, consumer.groupMetadata());
            }
            transactional.commitTransaction();
            writable.forEach(publisher::written);
            metrics.queued(-writable.size());
            markCommitted(commits);
        } catch (ProducerFencedException | InvalidProducerEpochException | CommitFailedException e) {
            throw new IllegalStateException("this worker lost its partitions to another one while writing results; "
                    + "stopping so they are not written twice: " + e.getMessage(), e);
        } catch (KafkaException e) {
            transactional.abortTransaction();
            throw new IllegalStateException("cannot write results and offsets in a transaction: " + e.getMessage(), e);
        }
    }

    private void markCommitted(Map<TopicPartition, OffsetAndMetadata> committed) {
        committed.forEach((partition, offset) -> {
            PartitionOffsets state = offsets.get(partition);
            if (state != null) {
                state.committed(offset.offset());
            }
        });
    }
}
