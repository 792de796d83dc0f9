package org.apache.kafka.common.utils;

import java.io.Closeable;
import java.util.Iterator;

/**
 * Compatibility shim for the Parallel Consumer baseline only: an iterator that must be closed, under the
 * name kafka-clients 3.x gave it. Parallel Consumer 0.5.3.3 (the newest release) is compiled against
 * kafka-clients 3.9 and implements this type; kafka-clients 4.x moved it to
 * {@code org.apache.kafka.common.utils.internals}, so without this declaration its control loop dies with
 * {@link NoClassDefFoundError}. Nothing in taskrunner uses it; remove it once a Parallel Consumer release
 * builds against kafka-clients 4.
 */
public interface CloseableIterator<T> extends Iterator<T>, Closeable {
    /** Releases what the iteration holds; unlike {@link Closeable#close()} it throws nothing checked. */
    @Override
    void close();
}
