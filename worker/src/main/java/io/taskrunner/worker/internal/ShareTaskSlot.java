package io.taskrunner.worker.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.taskrunner.worker.WorkerMetrics;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One concurrency slot of a worker: a share consumer that holds at most one task at a time.
 *
 * <p>Why one consumer per slot: a {@code KafkaShareConsumer} is single-threaded and will not poll again
 * while records of its last poll are unacknowledged, so a consumer that handed several tasks to a pool
 * would idle until its slowest task ended. With one record per consumer ({@code share.acquire.mode=
 * record_limit}, {@code max.poll.records=1}) a long task holds back nothing but its own slot.
 *
 * <p>A record is acknowledged only after its result is durably written: ACCEPT for a result, REJECT for a
 * dead letter, RELEASE (redelivery to any worker) when the write failed. While a task runs, the slot renews
 * the record's acquisition lock ({@code RENEW}, then a poll that hands the same record back). All consumer
 * calls happen on the slot's own thread.
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
    private final WorkerMetrics metrics;
    private volatile boolean stopping;
    private ConsumerRecord<String, byte[]> current;

    public ShareTaskSlot(ShareConsumer<String, byte[]> consumer, String tasksTopic, TaskIntake intake,
                         AttemptRunner attempts, ResultPublisher publisher, Duration pollTimeout, Duration lockDuration,
                         WorkerMetrics metrics) {
        this.metrics = metrics;
        this.consumer = consumer;
        this.tasksTopic = tasksTopic;
        this.intake = intake;
        this.attempts = attempts;
        this.publisher = publisher;
        this.pollTimeout = pollTimeout;
        this.lockDuration = lockDuration;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(tasksTopic));
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (stopping) {
                        consumer.acknowledge(record, AcknowledgeType.RELEASE);
                        continue;
                    }
                    current = record;
                    metrics.queued(1);
                    try {
                        consumer.acknowledge(current, handle(record));
                    } finally {
                        metrics.queued(-1);
                    }
                    current = null;
                }
                if (!records.isEmpty()) {
                    commit();
                }
            }
        } catch (InterruptedException e) {
            abandonCurrentTask();
        } finally {
            // The consumer must close with the interrupt flag clear, or it cannot leave the group cleanly;
            // records not acknowledged are released for redelivery as it leaves.
            boolean interrupted = Thread.interrupted();
            consumer.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void abandonCurrentTask() {
        Thread.interrupted();
        if (current != null) {
            log.info("Releasing task record {}-{}@{} for redelivery to another worker", current.topic(),
                    current.partition(), current.offset());
            consumer.acknowledge(current, AcknowledgeType.RELEASE);
            current = null;
        }
    }

    /** Asks the slot to stop taking tasks; the task it runs, if any, runs to its end. */
    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public Duration interval() {
        Optional<Integer> brokerLock = consumer.acquisitionLockTimeoutMs();
        long lockMs = brokerLock.map(Integer::longValue).orElse(lockDuration.toMillis());
        return Duration.ofMillis(Math.max(200, lockMs / 2));
    }

    @Override
    public void renew() {
        ConsumerRecord<String, byte[]> held = current;
        if (held == null) {
            return;
        }
        consumer.acknowledge(held, AcknowledgeType.RENEW);
        long deadline = System.nanoTime() + RENEW_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (sameRecord(record, held)) {
                    current = record;
                    metrics.lockRenewed();
                    return;
                }
                // Not expected with max.poll.records=1, but never hold a task this slot cannot run now.
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
            }
        }
        log.warn("Lock renewal of {}-{}@{} not confirmed within {}; the task may be redelivered", held.topic(),
                held.partition(), held.offset(), RENEW_WAIT);
    }

    private static boolean sameRecord(ConsumerRecord<String, byte[]> a, ConsumerRecord<String, byte[]> b) {
        return a.offset() == b.offset() && a.partition() == b.partition() && a.topic().equals(b.topic());
    }

    private AcknowledgeType handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        Admission admission = intake.admit(record);
        Outcome outcome = admission instanceof Admission.Run run
                ? Outcome.completed(attempts.run(run.task(), run.handler(), this))
                : ((Admission.Refuse) admission).outcome();
        try {
            publisher.publish(outcome);
            return outcome.acknowledgement();
        } catch (ResultPublisher.PublishException e) {
            log.error("Releasing task record {}-{}@{} for redelivery: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return AcknowledgeType.RELEASE;
        }
    }

    private void commit() {
        try {
            Map<TopicIdPartition, Optional<KafkaException>> outcome = consumer.commitSync();
            outcome.forEach((partition, error) -> error.ifPresent(e -> log.warn(
                    "Acknowledgement for {} not committed ({}); the task may run again and its duplicate result "
                            + "will be dropped by the collector", partition, e.getMessage())));
        } catch (KafkaException e) {
            log.warn("Committing acknowledgements failed ({}); the task may run again", e.getMessage());
        }
    }
}
