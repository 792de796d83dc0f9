package io.taskrunner.worker.internal;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.WorkerStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the worker's {@link WorkerStatus} to the workers topic every {@link #INTERVAL}, keyed by the worker,
 * and a last one, marked stopped, when the worker stops cleanly. A worker that is killed simply stops
 * sending, which is how a reader tells it is gone. Sending is best effort: a status that cannot be written
 * is logged and the next one tried; tasks never wait for it.
 */
public final class StatusBeacon implements AutoCloseable {
    /** How often a worker sends its status. */
    public static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(StatusBeacon.class);

    private final Supplier<Producer<String, byte[]>> makeProducer;
    private Producer<String, byte[]> producer;
    private final String topic;
    private final String worker;
    private final String group;
    private final int slots;
    private final RunningTasks running;
    private final ProtocolCodec codec;
    private final Clock clock;
    private final long startedAt;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "taskrunner-status");
        thread.setDaemon(true);
        return thread;
    });

    /** @param makeProducer makes the beacon's producer, on the beacon's thread: off the worker's way to its first task */
    public StatusBeacon(Supplier<Producer<String, byte[]>> makeProducer, String topic, String worker, String group, int slots,
                        RunningTasks running, ProtocolCodec codec, Clock clock) {
        this.makeProducer = makeProducer;
        this.topic = topic;
        this.worker = worker;
        this.group = group;
        this.slots = slots;
        this.running = running;
        this.codec = codec;
        this.clock = clock;
        this.startedAt = clock.millis();
    }

    /** Sends the first status now and the next ones every {@link #INTERVAL}. */
    public StatusBeacon start() {
        timer.scheduleAtFixedRate(() -> send(false), 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The worker's status now. */
    public WorkerStatus status(boolean stopped) {
        return WorkerStatus.of(worker, group, slots, running.now(), running.done(), running.failed(), startedAt,
                clock.millis(), INTERVAL.toMillis(), stopped);
    }

    private void send(boolean stopped) {
        try {
            if (producer == null) {
                producer = makeProducer.get();
            }
            producer.send(new ProducerRecord<>(topic, worker, codec.encode(status(stopped))), (metadata, e) -> {
                if (e != null) {
                    log.debug("Worker status not written to {}: {}", topic, e.toString());
                }
            });
        } catch (RuntimeException e) {
            log.debug("Worker status not written to {}: {}", topic, e.toString());
        }
    }

    /** Stops the timer, sends the stopped status and closes the producer, waiting for it up to 5 s. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            send(true);
            producer.close(Duration.ofSeconds(5));
        }
    }
}
