package io.taskrunner.collector;

import java.util.OptionalLong;

/** Told, about once per poll, how far a collection has come; e.g. to draw a progress line. */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param answered distinct results so far
     * @param expected the sealed task count, once known
     * @param failed   results that did not succeed
     */
    void update(long answered, OptionalLong expected, long failed);

    ProgressListener NONE = (answered, expected, failed) -> { };
}
