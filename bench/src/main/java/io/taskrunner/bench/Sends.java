package io.taskrunner.bench;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Remembers the first failed send, so a lost record stops a measurement instead of stalling it. */
final class Sends implements Callback {
    private volatile Exception failure;

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null && failure == null) {
            failure = exception;
        }
    }

    void check(String what) {
        if (failure != null) {
            throw new IllegalStateException(what + " lost records: " + failure, failure);
        }
    }
}
