package io.taskrunner.collector.internal;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ProtocolException;
import io.taskrunner.core.protocol.ResultsTopicMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a run's results partition and decodes the run's records on a thread of its own, up to
 * {@value #AHEAD} polls ahead of the thread that orders and prints them, so that decoding (a third of a
 * collector's work) runs beside the rest. Polls are handed over whole and in order; memory stays bounded by
 * the polls ahead. Records of other runs (the partition is shared) are passed over; records that cannot be
 * decoded are logged and skipped, as before. Between {@link #start()} and {@link #close()} only this
 * poller's thread touches the consumer.
 */
public final class DecodingPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DecodingPoller.class);
    /** Decoded polls that may wait for the printing thread. */
    static final int AHEAD = 2;
    private static final Batch EMPTY = new Batch(List.of(), -1);

    /** One decoded record of the run and where it was. */
    public record Decoded(ResultsTopicMessage message, long offset, int encodedSize) {
    }

    /**
     * One poll: the run's records that decoded, in partition order, and the last offset of the run's
     * partition the poll reached (whatever run it belonged to), -1 for a poll with none.
     */
    public record Batch(List<Decoded> records, long lastOffset) {
    }

    private final Consumer<String, byte[]> consumer;
    private final String run;
    private final ProtocolCodec codec;
    private final Duration pollTimeout;
    private final StartWatch watch;
    private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile RuntimeException failure;
    private long skipped;

    /**
     * @param consumer assigned and positioned already; used only by this poller until it is closed
     * @param watch    where the run begins, while that is not known yet ({@link StartWatch#NONE} when it is)
     */
    public DecodingPoller(Consumer<String, byte[]> consumer, String run, ProtocolCodec codec, Duration pollTimeout,
                          StartWatch watch) {
        this.consumer = consumer;
        this.watch = watch;
        this.run = run;
        this.codec = codec;
        this.pollTimeout = pollTimeout;
        this.thread = new Thread(this::pollUntilClosed, "taskrunner-collector-decoder");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * The next decoded poll, waiting up to {@code timeout}; an empty batch when none came in that time.
     *
     * @throws RuntimeException what made the polling thread stop (a Kafka error), once no poll is left to hand over
     */
    public Batch next(Duration timeout) {
        try {
            Batch batch = ready.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (batch != null) {
                return batch;
            }
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
        RuntimeException failed = failure;
        if (failed != null && ready.isEmpty()) {
            throw failed;
        }
        return EMPTY;
    }

    private void pollUntilClosed() {
        try {
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                if (!records.isEmpty()) {
                    ready.put(decode(records));
                }
            }
        } catch (InterruptedException e) {
            // closed while handing over a poll
        } catch (RuntimeException e) {
            if (!stopping) {
                failure = e;
            }
        }
    }

    private Batch decode(ConsumerRecords<String, byte[]> records) {
        List<Decoded> decoded = new ArrayList<>(records.count());
        long lastOffset = -1;
        watch.notices(records);
        for (ConsumerRecord<String, byte[]> record : records) {
            if (watch.isControl(record)) {
                continue;
            }
            lastOffset = record.offset();
            if (!run.equals(record.key()) || watch.beforeStart(record.offset())) {
                continue;
            }
            try {
                decoded.add(new Decoded(codec.decodeResultsTopic(record.value()), record.offset(), record.value().length));
            } catch (ProtocolException e) {
                if (skipped++ < 10) {
                    log.warn("Skipping undecodable record at offset {}: {}", record.offset(), e.getMessage());
                }
            }
        }
        watch.afterPoll(consumer);
        return new Batch(decoded, lastOffset);
    }

    /** Stops polling and waits for the thread to end; the consumer is then the caller's again. */
    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
