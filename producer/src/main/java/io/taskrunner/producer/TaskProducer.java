package io.taskrunner.producer;

import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.RunStarts;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.RunId;
import io.taskrunner.core.protocol.RunSealed;
import io.taskrunner.core.protocol.TaskDefaults;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.producer.internal.TaskIds;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Submits the tasks of one run and seals it.
 *
 * <p>{@link #submit} returns the task id at once; the record is sent in the background. {@link #seal()}
 * waits until every task is durably written and only then appends the run seal, so a sealed run never
 * misses a task: if any send failed, {@code seal} throws instead. Tasks get sequence numbers 0, 1, 2, ...
 * in submission order, and by default their sequence number as id. Memory stays flat however many tasks a
 * run has: the producer keeps only the ids given explicitly (to refuse one used twice), and Kafka's send
 * buffer bounds what is in flight. Not thread-safe; one instance per run.
 */
public final class TaskProducer implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final String run;
    private final ProtocolCodec codec;
    private final Clock clock;
    private final TaskDefaults defaults;
    private final ProducerMetrics metrics;
    private final TaskIds ids;
    private final AtomicLong failedSends = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private long nextSeq;
    private boolean sealed;

    public TaskProducer(Producer<String, byte[]> producer, Topics topics, String run, ProtocolCodec codec, Clock clock) {
        this(producer, topics, run, codec, clock, TaskDefaults.standard(), ProducerMetrics.inMemory());
    }

    /** A producer whose tasks take {@code defaults} where their spec leaves attempts or time limit open. */
    public TaskProducer(Producer<String, byte[]> producer, Topics topics, String run, ProtocolCodec codec, Clock clock,
                        TaskDefaults defaults, ProducerMetrics metrics) {
        this.metrics = metrics;
        this.producer = producer;
        this.topics = topics;
        this.run = RunId.require(run);
        this.ids = new TaskIds(this.run);
        this.codec = codec;
        this.clock = clock;
        this.defaults = defaults;
    }

    public String run() {
        return run;
    }

    /** How many tasks were submitted so far. */
    public long submitted() {
        return nextSeq;
    }

    /**
     * Announces the run's start on the control topic ({@link RunStarts}), so that collectors read its
     * results from where they begin rather than from the beginning of the partition. Call before the first
     * {@link #submit}; optional (a run without it is collected all the same, only reading more).
     *
     * @throws IllegalStateException when a task was submitted already, or the results partition's end cannot
     *                               be read within {@code timeout}
     */
    public void announceStart(Admin admin, Duration timeout) {
        if (nextSeq > 0) {
            throw new IllegalStateException("run " + run + " is announced before its first task, not after");
        }
        RunStarts.announce(admin, producer, topics, run, codec, clock, timeout);
    }

    /**
     * Submits one task and returns its id without waiting for the broker.
     *
     * @throws IllegalArgumentException when the id was already used in this run
     * @throws IllegalStateException    when the run is already sealed, or holds {@link TaskMessage#SEQ_LIMIT} tasks
     */
    public String submit(TaskSpec spec) {
        if (sealed) {
            throw new IllegalStateException("run " + run + " is sealed; start a new run to submit more tasks");
        }
        if (nextSeq >= TaskMessage.SEQ_LIMIT) {
            throw new IllegalStateException("run " + run + " holds " + TaskMessage.SEQ_LIMIT
                    + " tasks, the most a run can hold; submit more in a new run");
        }
        long seq = nextSeq;
        String id = ids.assign(spec.id(), seq);
        TaskMessage task = defaults.forTask(spec.maxAttempts(), spec.timeoutMs())
                .firstAttempt(id, run, seq, spec.type(), spec.payload(), clock.millis());
        producer.send(new ProducerRecord<>(topics.tasks(), id, codec.encode(task)), (metadata, error) -> {
            if (error != null) {
                failedSends.incrementAndGet();
                firstFailure.compareAndSet(null, error);
            }
        });
        nextSeq++;
        metrics.submitted(spec.type());
        return id;
    }

    /**
     * Waits for every submitted task to be written, then writes the seal with the task count.
     *
     * @throws IllegalStateException when any task could not be written; the run is then left unsealed
     */
    public void seal() {
        producer.flush();
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new IllegalStateException(failedSends.get() + " of " + nextSeq + " tasks of run " + run
                    + " could not be written, so the run was not sealed: " + failure.getMessage(), failure);
        }
        int partition = RunPartitioner.partition(run, producer.partitionsFor(topics.results()).size());
        try {
            producer.send(new ProducerRecord<>(topics.results(), partition, run,
                    codec.encode(RunSealed.of(run, nextSeq)))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot seal run " + run + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sealing run " + run, e);
        }
        sealed = true;
    }

    @Override
    public void close() {
        producer.close();
    }
}
