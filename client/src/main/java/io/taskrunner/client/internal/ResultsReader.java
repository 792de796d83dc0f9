package io.taskrunner.client.internal;

import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ProtocolException;
import io.taskrunner.core.protocol.ResultMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one run's partition of the results topic from the start and hands each result of the run to a
 * {@link Listener}, on the thread that runs it. Ends on {@link #stop()}, or on an error, which it reports
 * to {@link Listener#stopped} as its last word, so nobody waits for results that can no longer come.
 * Closes the consumer when it ends.
 */
public final class ResultsReader implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ResultsReader.class);

    /** Where the results go. Called on the reader's thread: keep it short and never block. */
    public interface Listener {
        /**
         * One result of the run; {@code recovered} while reading what was published before the reader
         * started, false once it has caught up.
         */
        void result(ResultMessage result, boolean recovered);

        /** The reader stopped on {@code cause}; no result comes after this. */
        void stopped(Throwable cause);
    }

    private final Consumer<String, byte[]> consumer;
    private final String run;
    private final String resultsTopic;
    private final ProtocolCodec codec;
    private final Listener listener;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private long startOffset;
    private volatile boolean stopping;

    public ResultsReader(Consumer<String, byte[]> consumer, String run, String resultsTopic, ProtocolCodec codec,
                         Listener listener) {
        this.consumer = consumer;
        this.run = run;
        this.resultsTopic = resultsTopic;
        this.codec = codec;
        this.listener = listener;
    }

    /**
     * Reads the run's partition from {@code offset} (where the run was announced to start; never before the
     * partition's beginning) rather than from its beginning. Call before {@link #run()}.
     */
    public void startAt(long offset) {
        this.startOffset = offset;
    }

    /**
     * Waits until the results published before the reader started are read, or the reader stopped.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks the reader to end; returns at once. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            TopicPartition partition = new TopicPartition(resultsTopic,
                    RunPartitioner.partition(run, consumer.partitionsFor(resultsTopic).size()));
            consumer.assign(List.of(partition));
            consumer.seek(partition, Math.max(startOffset, consumer.beginningOffsets(List.of(partition)).get(partition)));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (!stopping) {
                boolean recovering = caughtUp.getCount() > 0;
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (run.equals(record.key())) {
                        take(record, recovering);
                    }
                }
                if (recovering && consumer.position(partition) >= end) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                fail(e);
            }
        } catch (RuntimeException | Error e) {
            fail(e);
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            caughtUp.countDown();
            consumer.close();
        }
    }

    private void take(ConsumerRecord<String, byte[]> record, boolean recovering) {
        try {
            if (codec.decodeResultsTopic(record.value()) instanceof ResultMessage result) {
                listener.result(result, recovering);
            }
        } catch (ProtocolException e) {
            log.warn("Skipping undecodable result at offset {}: {}", record.offset(), e.getMessage());
        }
    }

    private void fail(Throwable cause) {
        log.error("Results reader of run {} stopped: {}", run, cause.toString(), cause);
        listener.stopped(cause);
    }
}
