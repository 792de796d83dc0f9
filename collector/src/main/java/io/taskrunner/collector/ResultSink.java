package io.taskrunner.collector;

import io.taskrunner.core.protocol.ResultMessage;

/** Where a collector writes results, in the order it emits them. */
@FunctionalInterface
public interface ResultSink {
    void accept(ResultMessage result);
}
