package io.taskrunner.producer;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.Cancellation;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.RunId;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Cancels a task, or a whole run, by writing a {@link Cancellation} to the control topic that every worker
 * follows. Tasks that have not started by the time a worker reads it are answered CANCELLED; running tasks
 * see {@code TaskContext.isCancelled()} turn true and may stop early.
 */
public final class RunCanceller {
    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final ProtocolCodec codec;
    private final Clock clock;

    public RunCanceller(Producer<String, byte[]> producer, Topics topics, ProtocolCodec codec, Clock clock) {
        this.producer = producer;
        this.topics = topics;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * Writes the cancellation and waits until the broker has it.
     *
     * @param id the task to cancel, or null for every task of the run
     */
    public void cancel(String run, String id) {
        RunId.require(run);
        try {
            producer.send(new ProducerRecord<>(topics.control(), run,
                    codec.encode(Cancellation.of(run, id, clock.millis())))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the cancellation: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cancelling", e);
        }
    }
}
