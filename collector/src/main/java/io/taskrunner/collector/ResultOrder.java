package io.taskrunner.collector;

/** The order in which a collector emits results. */
public enum ResultOrder {
    /** As they complete, like Python's {@code as_completed}: the order workers published them. */
    COMPLETION,
    /** In submission order, like Python's {@code Executor.map}: result {@code seq = k} after all {@code < k}. */
    SUBMISSION
}
