package io.taskrunner.worker.internal;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
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
 * dead letter, RELEASE (redelivery to any worker) when the write failed. All consumer calls happen on the
 * slot's own thread.
 */
public final class ShareTaskSlot implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ShareTaskSlot.class);

    private final ShareConsumer<String, byte[]> consumer;
    private final String tasksTopic;
    private final TaskProcessor processor;
    private final ResultPublisher publisher;
    private final Duration pollTimeout;
    private volatile boolean stopping;

    public ShareTaskSlot(ShareConsumer<String, byte[]> consumer, String tasksTopic, TaskProcessor processor,
                         ResultPublisher publisher, Duration pollTimeout) {
        this.consumer = consumer;
        this.tasksTopic = tasksTopic;
        this.processor = processor;
        this.publisher = publisher;
        this.pollTimeout = pollTimeout;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(tasksTopic));
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                for (ConsumerRecord<String, byte[]> record : records) {
                    consumer.acknowledge(record, handle(record));
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Unacknowledged records are released for redelivery when the consumer closes.
            consumer.close();
        }
    }

    /** Asks the slot to stop after the task it is running, if any. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    private AcknowledgeType handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        Outcome outcome = processor.process(record);
        try {
            publisher.publish(outcome);
            return outcome.acknowledgement();
        } catch (ResultPublisher.PublishException e) {
            log.error("Releasing task record {}-{}@{} for redelivery: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return AcknowledgeType.RELEASE;
        }
    }
}
