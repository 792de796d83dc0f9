package io.taskrunner.worker.internal;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A task record taken from Kafka, waiting for a runner, and the poller that must acknowledge it. */
public record QueuedTask(ConsumerRecord<String, byte[]> record, Acknowledger owner) {
    /** Takes the acknowledgement of a record from any thread, for the one thread that may give it to Kafka. */
    public interface Acknowledger {
        void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type);

        /** A runner has started the task (it no longer waits in the queue). */
        default void started(ConsumerRecord<String, byte[]> record) {
        }
    }
}
