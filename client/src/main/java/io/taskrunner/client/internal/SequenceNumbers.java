package io.taskrunner.client.internal;

import io.taskrunner.core.protocol.TaskMessage;
import java.util.function.LongFunction;

/**
 * Hands out a run's sequence numbers 0, 1, 2, ... in order, each to a task only once the task could be built
 * with it: a submission refused while its task is built (a payload Jackson cannot write, a blank type) uses
 * no number, so it leaves no gap where a collector in submission order, or {@code map}, would wait for ever.
 * (A task built but then refused by Kafka keeps its number; the client fails its future.) Thread-safe.
 */
public final class SequenceNumbers {
    private final String run;
    private long next;

    public SequenceNumbers(String run) {
        this(run, 0);
    }

    /** Numbers from {@code first} on: a run that holds {@code first} tasks already. */
    SequenceNumbers(String run, long first) {
        this.run = run;
        this.next = first;
    }

    /**
     * Builds a task with the next number and takes the number, or takes none when {@code build} throws.
     *
     * @throws IllegalStateException when the run holds {@link TaskMessage#SEQ_LIMIT} tasks, the most it can
     * @throws RuntimeException      what {@code build} threw
     */
    public synchronized <T> T next(LongFunction<T> build) {
        if (next >= TaskMessage.SEQ_LIMIT) {
            throw new IllegalStateException("run " + run + " holds " + TaskMessage.SEQ_LIMIT
                    + " tasks, the most a run can hold; submit more in a new run");
        }
        T built = build.apply(next);
        next++;
        return built;
    }
}
