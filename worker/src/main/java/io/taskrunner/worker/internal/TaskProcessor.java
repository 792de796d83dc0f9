package io.taskrunner.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ProtocolException;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskError;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.worker.HandlerRegistry;
import io.taskrunner.worker.TaskContext;
import io.taskrunner.worker.TaskHandler;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one task record into an {@link Outcome}: decodes it, finds its handler, runs the handler on the
 * task pool and makes the result. Never throws for bad input: a record that cannot be run becomes a
 * REJECTED result (when its id can be read) and a dead letter.
 */
public final class TaskProcessor {
    private final ProtocolCodec codec;
    private final HandlerRegistry handlers;
    private final ExecutorService taskPool;
    private final String workerId;
    private final Clock clock;

    public TaskProcessor(ProtocolCodec codec, HandlerRegistry handlers, ExecutorService taskPool, String workerId,
                         Clock clock) {
        this.codec = codec;
        this.handlers = handlers;
        this.taskPool = taskPool;
        this.workerId = workerId;
        this.clock = clock;
    }

    /**
     * Processes one record; blocks until its handler has finished.
     *
     * @throws InterruptedException when the calling thread is interrupted while the handler runs;
     *                              the handler is interrupted too and no result is made
     */
    public Outcome process(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        long pickedUpAt = clock.millis();
        TaskMessage task;
        try {
            task = codec.decodeTask(record.value());
        } catch (ProtocolException e) {
            String reason = e instanceof ProtocolCodec.UnsupportedVersionException ? "unsupported-version" : "undecodable";
            Optional<ResultMessage> rejected = codec.peekIdentity(record.value()).map(identity -> new ResultMessage(
                    ProtocolCodec.VERSION, ResultMessage.KIND, identity.id(), identity.run(), Math.max(identity.seq(), 0),
                    identity.type(), TaskStatus.REJECTED, null, new TaskError("InvalidTask", e.getMessage()), 1,
                    workerId, identity.submittedAt(), pickedUpAt, clock.millis()));
            return Outcome.rejected(rejected, new DeadLetter(record, reason, e.getMessage()));
        }
        Optional<TaskHandler> handler = handlers.find(task.type());
        if (handler.isEmpty()) {
            String detail = "no handler for task type '" + task.type() + "'; this worker runs: "
                    + String.join(", ", handlers.types());
            ResultMessage rejected = ResultMessage.of(task, TaskStatus.REJECTED, null,
                    new TaskError("UnknownTaskType", detail), workerId, pickedUpAt, clock.millis());
            return Outcome.rejected(Optional.of(rejected), new DeadLetter(record, "unknown-type", detail));
        }
        return Outcome.completed(run(task, handler.get()));
    }

    private ResultMessage run(TaskMessage task, TaskHandler handler) throws InterruptedException {
        TaskContext context = new TaskContext(task.id(), task.run(), task.seq(), task.type(), task.attempt());
        AtomicLong startedAt = new AtomicLong(clock.millis());
        Future<Object> execution = taskPool.submit(() -> {
            startedAt.set(clock.millis());
            return handler.handle(context, task.payload());
        });
        try {
            Object value = execution.get();
            JsonNode tree;
            try {
                tree = codec.mapper().valueToTree(value);
            } catch (IllegalArgumentException e) {
                return ResultMessage.of(task, TaskStatus.FAILED, null, new TaskError("UnserializableResult",
                        "the handler's value cannot be written as JSON: " + e.getMessage()),
                        workerId, startedAt.get(), clock.millis());
            }
            return ResultMessage.of(task, TaskStatus.SUCCEEDED, tree, null, workerId, startedAt.get(), clock.millis());
        } catch (ExecutionException e) {
            return ResultMessage.of(task, TaskStatus.FAILED, null, TaskError.of(e.getCause()), workerId,
                    startedAt.get(), clock.millis());
        } catch (InterruptedException e) {
            execution.cancel(true);
            throw e;
        }
    }
}
