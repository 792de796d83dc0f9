package io.taskrunner.worker.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a record lies, which names it among what a share poller holds (a redelivered record has a new object). */
record RecordKey(String topic, int partition, long offset) {
    static RecordKey of(ConsumerRecord<?, ?> record) {
        return new RecordKey(record.topic(), record.partition(), record.offset());
    }
}
