package io.taskrunner.worker;

import io.taskrunner.core.protocol.TaskStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;

/**
 * Meters tagged by task type and status, used once per task: each is made (registered) on first use and
 * afterwards only looked up, by type and then by the status's ordinal. Thread-safe; two threads that make
 * the same meter at once get the same one, since a registry returns the meter already registered.
 */
final class MetersByTypeAndStatus<M> {
    private final Map<String, AtomicReferenceArray<M>> byType = new ConcurrentHashMap<>();
    private final BiFunction<String, TaskStatus, M> make;

    /** @param make registers the meter of one type and status */
    MetersByTypeAndStatus(BiFunction<String, TaskStatus, M> make) {
        this.make = make;
    }

    M get(String type, TaskStatus status) {
        AtomicReferenceArray<M> byStatus = byType.computeIfAbsent(type,
                t -> new AtomicReferenceArray<>(TaskStatus.values().length));
        M meter = byStatus.get(status.ordinal());
        if (meter == null) {
            byStatus.compareAndSet(status.ordinal(), null, make.apply(type, status));
            meter = byStatus.get(status.ordinal());
        }
        return meter;
    }
}
