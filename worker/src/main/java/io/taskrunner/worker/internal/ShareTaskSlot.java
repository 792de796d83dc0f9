package io.taskrunner.worker.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import io.taskrunner.worker.WorkerMetrics;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One concurrency slot of a worker: a share consumer that runs the tasks it acquires one at a time.
 *
 * <p>Why one consumer per slot: a {@code KafkaShareConsumer} is single-threaded and will not poll again
 * while records of its last poll are unacknowledged, so a consumer that handed several tasks to a pool
 * would idle until its slowest task ended. A slot acquires at most {@code prefetch} records a poll
 * ({@code share.acquire.mode=record_limit}, {@code max.poll.records=prefetch}); with the default of one, a
 * long task holds back nothing but its own slot. With more, short tasks share the poll's and the result
 * writes' round trips, and a task that runs past {@code hold} makes the slot release the rest of its batch
 * to other slots (their delivery count goes up by one).
 *
 * <p>A record is acknowledged only after its result is durably written: ACCEPT for a result, REJECT for a
 * dead letter, RELEASE (redelivery to any worker) when the write failed. The results of a batch are written
 * together and awaited before the records are acknowledged; acknowledgements travel with the next poll.
 * While a task runs, the slot renews the record's acquisition lock ({@code RENEW}, then a poll that hands
 * the same record back). All consumer calls happen on the slot's own thread.
 */
public final class ShareTaskSlot implements TaskSource, LockKeeper {
    private static final Logger log = LoggerFactory.getLogger(ShareTaskSlot.class);
    private static final Duration RENEW_WAIT = Duration.ofSeconds(10);

    private final ShareConsumer<String, byte[]> consumer;
    private final String tasksTopic;
    private final TaskIntake intake;
    private final AttemptRunner attempts;
    private final ResultPublisher publisher;
    private final Duration pollTimeout;
    private final Duration lockDuration;
    private final Duration hold;
    private final WorkerMetrics metrics;
    /** Acquired by the last poll and not started yet. */
    private final Deque<ConsumerRecord<String, byte[]>> waiting = new ArrayDeque<>();
    /** Ran, results sent, not yet acknowledged. */
    private final List<Written> unacknowledged = new ArrayList<>();
    private volatile boolean stopping;
    private ConsumerRecord<String, byte[]> current;
    /** When the last poll acquired its records, and so their locks. */
    private long polledAt;
    /** When the running task's lock was acquired or last renewed. */
    private long currentLockedAt;

    public ShareTaskSlot(ShareConsumer<String, byte[]> consumer, String tasksTopic, TaskIntake intake,
                         AttemptRunner attempts, ResultPublisher publisher, Duration pollTimeout, Duration lockDuration,
                         Duration hold, WorkerMetrics metrics) {
        this.metrics = metrics;
        this.consumer = consumer;
        this.tasksTopic = tasksTopic;
        this.intake = intake;
        this.attempts = attempts;
        this.publisher = publisher;
        this.pollTimeout = pollTimeout;
        this.lockDuration = lockDuration;
        this.hold = hold;
    }

    private record Written(ConsumerRecord<String, byte[]> record, Outcome outcome, List<Future<RecordMetadata>> sends) {
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(tasksTopic));
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                polledAt = System.nanoTime();
                records.forEach(waiting::add);
                metrics.queued(waiting.size());
                runWaiting();
                acknowledgeWritten();
            }
        } catch (InterruptedException e) {
            abandon();
        } finally {
            // The consumer must close with the interrupt flag clear, or it cannot leave the group cleanly;
            // close() commits the acknowledgements given and releases records not acknowledged.
            boolean interrupted = Thread.interrupted();
            consumer.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void runWaiting() throws InterruptedException {
        long halfLockNanos = lockInterval().toNanos();
        ConsumerRecord<String, byte[]> record;
        while ((record = waiting.poll()) != null) {
            if (stopping || System.nanoTime() - polledAt >= halfLockNanos) {
                // Stopping, or half its lock spent waiting in the batch: another slot takes it with a fresh lock.
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
                metrics.queued(-1);
                continue;
            }
            current = record;
            currentLockedAt = polledAt;
            Outcome outcome = outcomeOf(record);
            unacknowledged.add(new Written(record, outcome, publisher.send(outcome)));
            current = null;
        }
    }

    private Outcome outcomeOf(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        Admission admission = intake.admit(record);
        return admission instanceof Admission.Run run
                ? Outcome.completed(attempts.run(run.task(), run.handler(), this))
                : ((Admission.Refuse) admission).outcome();
    }

    /** Waits for the results sent and acknowledges their records; a record whose write failed is released. */
    private void acknowledgeWritten() throws InterruptedException {
        for (Written written : unacknowledged) {
            ConsumerRecord<String, byte[]> record = written.record();
            try {
                ResultPublisher.awaitAll(written.sends());
                publisher.written(written.outcome());
                consumer.acknowledge(record, written.outcome().acknowledgement());
            } catch (ResultPublisher.PublishException e) {
                log.error("Releasing task record {}-{}@{} for redelivery: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
            }
            metrics.queued(-1);
        }
        unacknowledged.clear();
    }

    private void releaseWaiting() {
        if (!waiting.isEmpty()) {
            log.debug("Releasing {} prefetched task records to other slots", waiting.size());
        }
        ConsumerRecord<String, byte[]> record;
        while ((record = waiting.poll()) != null) {
            metrics.queued(-1);
            consumer.acknowledge(record, AcknowledgeType.RELEASE);
        }
    }

    private void abandon() {
        Thread.interrupted();
        if (current != null) {
            log.info("Releasing task record {}-{}@{} for redelivery to another worker", current.topic(),
                    current.partition(), current.offset());
            consumer.acknowledge(current, AcknowledgeType.RELEASE);
            metrics.queued(-1);
            current = null;
        }
        releaseWaiting();
        try {
            acknowledgeWritten();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the slot to stop taking tasks; the task it runs, if any, runs to its end. */
    @Override
    public void stop() {
        stopping = true;
    }

    /** Half the lock; while prefetched tasks wait behind the running one, the hold. */
    @Override
    public Duration interval() {
        Duration lockInterval = lockInterval();
        return waiting.isEmpty() || hold.compareTo(lockInterval) >= 0 ? lockInterval : hold;
    }

    private Duration lockInterval() {
        Optional<Integer> brokerLock = consumer.acquisitionLockTimeoutMs();
        long lockMs = brokerLock.map(Integer::longValue).orElse(lockDuration.toMillis());
        return Duration.ofMillis(Math.max(200, lockMs / 2));
    }

    /**
     * Called while a task runs: lets other slots have the tasks waiting behind it, acknowledges finished
     * ones so their locks cannot lapse, and renews the running task's lock once half of it has passed.
     */
    @Override
    public void renew() {
        ConsumerRecord<String, byte[]> held = current;
        if (held == null) {
            return;
        }
        boolean released = !waiting.isEmpty();
        releaseWaiting();
        try {
            acknowledgeWritten();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (System.nanoTime() - currentLockedAt < lockInterval().toNanos()) {
            if (released) {
                // Acknowledgements otherwise travel with the next poll, after this task: send them now.
                consumer.commitAsync();
            }
            return;
        }
        consumer.acknowledge(held, AcknowledgeType.RENEW);
        long deadline = System.nanoTime() + RENEW_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (sameRecord(record, held)) {
                    current = record;
                    currentLockedAt = System.nanoTime();
                    metrics.lockRenewed();
                    return;
                }
                // Never hold a task this slot cannot run now.
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
            }
        }
        log.warn("Lock renewal of {}-{}@{} not confirmed within {}; the task may be redelivered", held.topic(),
                held.partition(), held.offset(), RENEW_WAIT);
    }

    private static boolean sameRecord(ConsumerRecord<String, byte[]> a, ConsumerRecord<String, byte[]> b) {
        return a.offset() == b.offset() && a.partition() == b.partition() && a.topic().equals(b.topic());
    }
}
