package io.taskrunner.collector;

import io.taskrunner.core.protocol.ResultMessage;

/**
 * Where a collector writes results, in the order it emits them. {@link #accept} may buffer; the collector
 * calls {@link #flush} after each batch it reads from Kafka, so results show batch by batch.
 */
@FunctionalInterface
public interface ResultSink {
    void accept(ResultMessage result);

    /** Writes through what was accepted so far. */
    default void flush() {
    }
}
