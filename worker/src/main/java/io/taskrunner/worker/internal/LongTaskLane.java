package io.taskrunner.worker.internal;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.LongTaskFinished;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.worker.WorkerMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves long tasks out of the way of the tasks behind them. A share partition hands out records only within
 * a window of offsets that starts at its oldest unfinished record, so one task running for minutes at the
 * head would stop the partition after a few thousand more. A task still running when its lock needs
 * renewing is therefore copied to the long-task lane ({@link Topics#longTasks()}) and its record on the
 * tasks topic is acknowledged; the copy, watched by {@link LaneWatch}, stands for the task until its result
 * is written ({@link #finished}, a notice on the control topic), and is put back on the tasks topic should
 * the worker running it die ({@link #resubmit}). Deliveries are counted across that: a record put back
 * carries those of the record it replaces ({@link #deliveries}). Thread-safe.
 */
public final class LongTaskLane {
    private static final Logger log = LoggerFactory.getLogger(LongTaskLane.class);
    static final String HEADER_ORIGIN = "taskrunner.origin";
    static final String HEADER_OWNER = "taskrunner.owner";
    /** Deliveries a task had before this record: a record put back after its worker died carries them. */
    static final String HEADER_PRIOR_DELIVERIES = "taskrunner.prior.deliveries";
    private static final long WRITE_TIMEOUT_MS = 10_000;

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final String identity;
    private final ProtocolCodec codec;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final ExecutorService announcer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "taskrunner-lane-announcer");
        thread.setDaemon(true);
        return thread;
    });

    public LongTaskLane(Producer<String, byte[]> producer, Topics topics, String identity, ProtocolCodec codec,
                        Clock clock, WorkerMetrics metrics) {
        this.producer = producer;
        this.topics = topics;
        this.identity = identity;
        this.codec = codec;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Where a task record is: {@code topic-partition@offset}; what lane copies and notices name it by. */
    static String origin(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** How often the task has been delivered, counting the deliveries before it was put back, if it was. */
    static int deliveries(ConsumerRecord<?, ?> record) {
        return record.deliveryCount().map(Number::intValue).orElse(1) + priorDeliveries(record);
    }

    /** The deliveries a record's header says its task had before it (0 when it has none, or an unreadable one). */
    static int priorDeliveries(ConsumerRecord<?, ?> record) {
        Header prior = record.headers().lastHeader(HEADER_PRIOR_DELIVERIES);
        if (prior == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(new String(prior.value(), StandardCharsets.UTF_8)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Writes the lane copy of a running task and waits for the broker; false when it could not be written. */
    public boolean moveAside(ConsumerRecord<String, byte[]> record) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(topics.longTasks(), record.key(), record.value());
        copy.headers().add(HEADER_ORIGIN, origin(record).getBytes(StandardCharsets.UTF_8));
        copy.headers().add(HEADER_OWNER, identity.getBytes(StandardCharsets.UTF_8));
        copy.headers().add(HEADER_PRIOR_DELIVERIES, String.valueOf(deliveries(record)).getBytes(StandardCharsets.UTF_8));
        if (!write(copy, "lane copy of " + origin(record))) {
            return false;
        }
        metrics.movedAside();
        return true;
    }

    /**
     * A moved task has its outcome (acknowledged as {@code type}): tells whoever watches its lane copy to let
     * it go. A task whose result could not be written ({@code RELEASE}) is put back on the tasks topic first.
     * Does not block: called on the producer's thread; the writes happen on a thread of the lane's own.
     */
    public void finished(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
        // Not on the caller's thread: a send may wait for metadata, which the producer's own thread fetches.
        try {
            announcer.execute(() -> {
                if (type == AcknowledgeType.RELEASE && !resubmit(record.key(), record.value(), deliveries(record))) {
                    log.error("Task {} could not write its result nor be put back; its lane copy runs it again "
                            + "once this worker stops", origin(record));
                    return;
                }
                announce(record);
            });
        } catch (RejectedExecutionException e) {
            log.warn("{} finished as the worker stopped; its lane copy may run it again", origin(record));
        }
    }

    /** Stops announcing; what is queued is sent first (up to the producer's own limits). */
    public void close() {
        announcer.shutdown();
        try {
            announcer.awaitTermination(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void announce(ConsumerRecord<String, byte[]> record) {
        producer.send(new ProducerRecord<>(topics.control(), codec.encode(LongTaskFinished.of(origin(record),
                clock.millis()))), (metadata, error) -> {
                    if (error != null) {
                        log.warn("Could not announce that {} finished ({}); its lane copy will run it again",
                                origin(record), error.getMessage());
                    }
                });
    }

    /** Counts a task put back because the worker running it died. */
    void takenOver() {
        metrics.laneTakeover();
    }

    /**
     * Puts a task back on the tasks topic, carrying {@code priorDeliveries}, because the worker running it
     * died (a lane copy) or could not write its result (a moved task). Waits for the broker.
     */
    public boolean resubmit(String key, byte[] value, int priorDeliveries) {
        return write(backOnTasksTopic(key, value, priorDeliveries), "task put back on " + topics.tasks());
    }

    private ProducerRecord<String, byte[]> backOnTasksTopic(String key, byte[] value, int priorDeliveries) {
        ProducerRecord<String, byte[]> again = new ProducerRecord<>(topics.tasks(), key, value);
        again.headers().add(HEADER_PRIOR_DELIVERIES, String.valueOf(priorDeliveries).getBytes(StandardCharsets.UTF_8));
        return again;
    }

    private boolean write(ProducerRecord<String, byte[]> record, String what) {
        try {
            producer.send(record).get(WRITE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not write the {}: {}", what, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
