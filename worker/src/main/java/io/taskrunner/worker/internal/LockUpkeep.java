package io.taskrunner.worker.internal;

import io.taskrunner.worker.WorkerMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upkeep of the locks of what one {@link SharePoller} holds, once they are half spent: the tasks a runner
 * has started are moved to the long-task lane and their records acknowledged ({@link #moveRunningAside}), so
 * a long task never pins the share partition's window; the records still queued are renewed together and
 * polled back ({@link #renew}). Neither raises a delivery count.
 *
 * <p>{@link #started} and {@link #finished} are called by runners; everything else on the poller's thread,
 * which alone touches the consumer and the map of held records passed in.
 */
final class LockUpkeep {
    private static final Logger log = LoggerFactory.getLogger(LockUpkeep.class);
    private static final long RENEW_WAIT_SECONDS = 10;
    private static final Duration RENEW_WAIT = Duration.ofSeconds(RENEW_WAIT_SECONDS);

    private final LongTaskLane lane;
    private final TaskDispatch dispatch;
    private final WorkerMetrics metrics;
    private final boolean acquiresWholeBatches;
    /** Held records a runner has started. Written by runners, read by the poller. */
    private final Set<RecordKey> started = ConcurrentHashMap.newKeySet();
    /** Running tasks moved (or being moved) to the long-task lane, until their outcome. */
    private final Map<RecordKey, ConsumerRecord<String, byte[]>> movedAside = new ConcurrentHashMap<>();

    /**
     * @param lane                 where a task still running is moved; null to renew its lock like the rest
     * @param acquiresWholeBatches whether the consumer may hold records its poll did not return
     *                             ({@code batch_optimized}): those met while renewing are renewed and run
     */
    LockUpkeep(LongTaskLane lane, TaskDispatch dispatch, WorkerMetrics metrics, boolean acquiresWholeBatches) {
        this.lane = lane;
        this.dispatch = dispatch;
        this.metrics = metrics;
        this.acquiresWholeBatches = acquiresWholeBatches;
    }

    /** A runner started the task of {@code key}. */
    void started(RecordKey key) {
        started.add(key);
    }

    /**
     * A runner has the outcome of {@code record}'s task: if the task was moved to the long-task lane, the lane
     * announces it now. Returns the key, for the poller to acknowledge the record if it still holds it.
     */
    RecordKey finished(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
        RecordKey key = RecordKey.of(record);
        ConsumerRecord<String, byte[]> moved = movedAside.remove(key);
        if (moved != null) {
            lane.finished(moved, type);
        }
        return key;
    }

    /** The poller has acknowledged (or dropped) the record of {@code key}. */
    void forget(RecordKey key) {
        started.remove(key);
    }

    /**
     * Moves the started tasks among {@code held} to the long-task lane and acknowledges their records (and
     * removes them from {@code held}); what cannot be moved stays. Returns how many were moved.
     */
    int moveRunningAside(ShareConsumer<String, byte[]> consumer, Map<RecordKey, ConsumerRecord<String, byte[]>> held) {
        if (lane == null) {
            return 0;
        }
        int moved = 0;
        for (var entry : List.copyOf(held.entrySet())) {
            if (!started.contains(entry.getKey())) {
                continue;
            }
            ConsumerRecord<String, byte[]> record = entry.getValue();
            // Registered first: an outcome arriving while the copy is written is announced all the same.
            movedAside.put(entry.getKey(), record);
            if (lane.moveAside(record)) {
                held.remove(entry.getKey());
                consumer.acknowledge(record, AcknowledgeType.ACCEPT);
                metrics.queued(-1);
                moved++;
            } else {
                movedAside.remove(entry.getKey());
            }
        }
        return moved;
    }

    /**
     * Renews the lock of every record in {@code held} (the consumer may fetch again only once all of them have
     * an acknowledgement, and RENEW counts as one), then polls until each comes back with its fresh lock and
     * puts it back in {@code held}. A record not confirmed within {@value #RENEW_WAIT_SECONDS} s is dropped from
     * {@code held} (it may be redelivered). The polls carry every acknowledgement given before; outcomes
     * runners report meanwhile wait in the poller until this returns.
     *
     * @param acknowledger what a record acquired beyond the last poll (whole batches) is queued with
     */
    void renew(ShareConsumer<String, byte[]> consumer, Map<RecordKey, ConsumerRecord<String, byte[]>> held,
               QueuedTask.Acknowledger acknowledger) throws InterruptedException {
        held.values().forEach(record -> consumer.acknowledge(record, AcknowledgeType.RENEW));
        Map<RecordKey, ConsumerRecord<String, byte[]>> waitingFor = new HashMap<>(held);
        Set<RecordKey> unqueued = new HashSet<>();
        long deadline = System.nanoTime() + RENEW_WAIT.toNanos();
        while (!waitingFor.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                RecordKey key = RecordKey.of(record);
                if (waitingFor.remove(key) != null) {
                    held.put(key, record);
                    if (unqueued.remove(key)) {
                        metrics.queued(1);
                        dispatch.enqueue(List.of(new QueuedTask(record, acknowledger)));
                    } else {
                        metrics.lockRenewed();
                    }
                } else if (!held.containsKey(key)) {
                    if (acquiresWholeBatches) {
                        // Acquired by the last fetch beyond what its poll returned: renewed with the rest, then run.
                        consumer.acknowledge(record, AcknowledgeType.RENEW);
                        waitingFor.put(key, record);
                        unqueued.add(key);
                    } else {
                        // A renewing consumer fetches nothing new; should one come anyway, another worker runs it.
                        consumer.acknowledge(record, AcknowledgeType.RELEASE);
                    }
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        if (!waitingFor.isEmpty()) {
            log.warn("Lock renewal of {} task records not confirmed within {}; they may be redelivered",
                    waitingFor.size(), RENEW_WAIT);
            waitingFor.keySet().forEach(held::remove);
            waitingFor.keySet().removeAll(unqueued);
            metrics.queued(-waitingFor.size());
        }
    }
}
