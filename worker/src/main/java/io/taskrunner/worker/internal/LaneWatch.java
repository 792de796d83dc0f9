package io.taskrunner.worker.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches lane copies of long tasks ({@link LongTaskLane}), one at a time, on its own share consumer and
 * thread; every worker runs one. A copy is held (its lock renewed) until its task's result is announced on
 * the control topic, then acknowledged; should the worker running the task leave the group first (it died),
 * the task is put back on the tasks topic, its deliveries counted, and the copy acknowledged.
 */
public final class LaneWatch implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(LaneWatch.class);
    private static final long CHECK_EVERY_MS = 200;

    private final Supplier<ShareConsumer<String, byte[]>> consumers;
    /** Made on the watch's own thread, as it starts. */
    private ShareConsumer<String, byte[]> consumer;
    private final String laneTopic;
    private final LongTaskLane lane;
    private final WorkerLiveness liveness;
    private final Set<String> finished;
    private final String identity;
    private final Duration pollTimeout;
    private volatile boolean stopping;

    /**
     * @param consumers makes the watch's consumer, on its own thread
     * @param finished origins of long tasks whose results are written, as read from the control topic
     */
    public LaneWatch(Supplier<ShareConsumer<String, byte[]>> consumers, String laneTopic, LongTaskLane lane,
                     WorkerLiveness liveness, Set<String> finished, String identity, Duration pollTimeout) {
        this.consumers = consumers;
        this.laneTopic = laneTopic;
        this.lane = lane;
        this.liveness = liveness;
        this.finished = finished;
        this.identity = identity;
        this.pollTimeout = pollTimeout;
    }

    public void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        try {
            consumer = consumers.get();
            consumer.subscribe(List.of(laneTopic));
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> copy : consumer.poll(pollTimeout)) {
                    watch(copy);
                }
            }
        } catch (InterruptedException e) {
            log.debug("Lane watch interrupted");
        } catch (RuntimeException e) {
            // The worker goes on: the watches of other workers, or of this one's successor, keep lane copies.
            log.error("Long-task lane watch stopped; this worker no longer watches lane copies of long tasks, so "
                    + "should the worker running one die, that task waits for another worker's watch: {}", e.toString(), e);
        } finally {
            if (consumer != null) {
                ShareConsumers.closeLeavingGroup(consumer);
            }
        }
    }

    private void watch(ConsumerRecord<String, byte[]> copy) throws InterruptedException {
        String origin = LongTaskLane.header(copy, LongTaskLane.HEADER_ORIGIN);
        String owner = LongTaskLane.header(copy, LongTaskLane.HEADER_OWNER);
        if (origin == null || owner == null) {
            log.warn("Dropping a lane record without origin or owner at offset {}", copy.offset());
            consumer.acknowledge(copy, AcknowledgeType.REJECT);
            return;
        }
        ConsumerRecord<String, byte[]> held = copy;
        long renewAfterMs = Math.max(200, consumer.acquisitionLockTimeoutMs().orElse(30_000) / 2);
        long lockedAt = System.currentTimeMillis();
        while (true) {
            if (finished.contains(origin)) {
                consumer.acknowledge(held, AcknowledgeType.ACCEPT);
                return;
            }
            if (!owner.equals(identity) && !liveness.isAlive(owner)) {
                // At least the delivery that just ended with its worker.
                int prior = Math.max(1, LongTaskLane.priorDeliveries(held));
                if (lane.resubmit(held.key(), held.value(), prior)) {
                    log.info("Worker {} left while running {}: put it back on the tasks topic", owner, origin);
                    lane.takenOver();
                    consumer.acknowledge(held, AcknowledgeType.ACCEPT);
                    return;
                }
            }
            if (stopping) {
                consumer.acknowledge(held, AcknowledgeType.RELEASE); // another worker's watch takes it
                return;
            }
            Thread.sleep(CHECK_EVERY_MS);
            if (System.currentTimeMillis() - lockedAt >= renewAfterMs) {
                held = renew(held);
                if (held == null) {
                    return; // lost it: it goes to another watch
                }
                lockedAt = System.currentTimeMillis();
            }
        }
    }

    private ConsumerRecord<String, byte[]> renew(ConsumerRecord<String, byte[]> held) {
        consumer.acknowledge(held, AcknowledgeType.RENEW);
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.offset() == held.offset() && record.partition() == held.partition()) {
                    return record;
                }
                consumer.acknowledge(record, AcknowledgeType.RELEASE);
            }
        }
        log.warn("Renewal of lane copy at offset {} not confirmed; another worker will watch it", held.offset());
        return null;
    }
}
