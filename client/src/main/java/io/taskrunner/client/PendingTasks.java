package io.taskrunner.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.client.internal.ResultsReader;
import io.taskrunner.client.internal.SequenceWindow;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * The futures of a client's tasks by sequence number, and the results its run already had when the client
 * connected. Futures complete on the callback executor, never on the results reader's thread. A result
 * answers a task only if it is for the task submitted at its sequence number (same id and type); when
 * the results reader stops, every future still waiting fails, and so does every later registration.
 *
 * <p>A task's id follows from its sequence number ({@link TaskClient#idOf}), so it is not kept. The futures waiting sit
 * in a {@link SequenceWindow} under one lock: a client that submits a million tasks ahead of their results
 * holds a million futures and a ring of slots, not a map entry and boxed key each (submitting in a loop took
 * 8.7-10.6 s per million with a map, docs/PERFORMANCE.md).
 */
final class PendingTasks implements ResultsReader.Listener {
    private record Pending(String type, Class<?> resultType, CompletableFuture<Object> result) {
    }

    private final String run;
    private final ObjectMapper mapper;
    private final Executor callbacks;
    /** Guarded by itself. */
    private final SequenceWindow<Pending> pending = new SequenceWindow<>();
    private final Map<Long, ResultMessage> recovered = new ConcurrentHashMap<>();
    private volatile Throwable readerFailure;

    PendingTasks(String run, ObjectMapper mapper, Executor callbacks) {
        this.run = run;
        this.mapper = mapper;
        this.callbacks = callbacks;
    }

    /**
     * Registers the task submitted at {@code seq}, or answers it at once with the run's recovered result.
     *
     * @return true when a recovered result answered it, so it must not be sent
     * @throws RecoveryMismatchException     when the run's result at {@code seq} is for a different task
     * @throws ResultsReaderStoppedException when no result can arrive any more
     */
    @SuppressWarnings("unchecked")
    <T> boolean register(long seq, String type, Class<T> resultType, CompletableFuture<T> result) {
        Pending task = new Pending(type, resultType, (CompletableFuture<Object>) result);
        ResultMessage known;
        try {
            requireReaderRunning();
            known = recovered.remove(seq);
            if (known != null) {
                requireSameTask(seq, task, known);
            }
        } catch (RuntimeException refused) {
            skip(seq);
            throw refused;
        }
        if (known != null) {
            skip(seq);
            settle(task, known).run();
            return true;
        }
        synchronized (pending) {
            pending.put(seq, task);
        }
        if (readerFailure != null) { // stopped between the check above and the put
            take(seq);
            requireReaderRunning();
        }
        return false;
    }

    /** Removes and returns the future waiting at {@code seq}, if any. */
    private Pending take(long seq) {
        synchronized (pending) {
            return pending.remove(seq);
        }
    }

    /** Marks {@code seq} as one no result will be waited for at: answered at once, or refused. */
    private void skip(long seq) {
        synchronized (pending) {
            pending.skip(seq);
        }
    }

    /** Throws {@link ResultsReaderStoppedException} if the results reader has stopped. */
    void requireReaderRunning() {
        Throwable failure = readerFailure;
        if (failure != null) {
            throw new ResultsReaderStoppedException(run, failure);
        }
    }

    /** Fails the future of {@code seq}, if still waiting, with {@code error}. */
    void fail(long seq, RuntimeException error) {
        Pending task = take(seq);
        if (task != null) {
            deliver(() -> task.result().completeExceptionally(error));
        }
    }

    /**
     * Fails every future still waiting with the error {@code errorFor} makes from its task id, in one
     * callback-executor task: a client closed with a million futures waiting hands the executor one job,
     * not a million.
     */
    void failAll(Function<String, RuntimeException> errorFor) {
        List<Map.Entry<Long, Pending>> failed;
        synchronized (pending) {
            failed = pending.removeAll();
        }
        if (!failed.isEmpty()) {
            deliver(() -> failed.forEach(entry -> entry.getValue().result()
                    .completeExceptionally(errorFor.apply(TaskClient.idOf(entry.getKey())))));
        }
    }

    /** Futures registered and not yet answered. */
    int size() {
        synchronized (pending) {
            return pending.size();
        }
    }

    @Override
    public void result(ResultMessage result, boolean isRecovered) {
        Pending task = take(result.seq());
        if (task == null) {
            if (isRecovered) {
                recovered.putIfAbsent(result.seq(), result);
            }
            return; // otherwise a second result of an answered task: the first one counted
        }
        try {
            requireSameTask(result.seq(), task, result);
            deliver(settle(task, result));
        } catch (RecoveryMismatchException mismatch) {
            deliver(() -> task.result().completeExceptionally(mismatch));
        }
    }

    @Override
    public void stopped(Throwable cause) {
        readerFailure = cause;
        failAll(id -> new ResultsReaderStoppedException(run, cause));
    }

    private void requireSameTask(long seq, Pending task, ResultMessage result) {
        String id = TaskClient.idOf(seq);
        if (!id.equals(result.id()) || !task.type().equals(result.type())) {
            throw new RecoveryMismatchException(run, result.seq(), id, task.type(), result.id(), result.type());
        }
    }

    /** What completes {@code task}'s future with {@code result}. */
    private Runnable settle(Pending task, ResultMessage result) {
        CompletableFuture<Object> future = task.result();
        if (result.status() == TaskStatus.SUCCEEDED) {
            return () -> {
                try {
                    future.complete(mapper.treeToValue(result.value(), task.resultType()));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    future.completeExceptionally(new TaskFailedException(result.id(), result.status(),
                            "ResultTypeMismatch", "the value cannot be read as "
                            + task.resultType().getSimpleName() + ": " + e.getMessage()));
                }
            };
        }
        if (result.status() == TaskStatus.CANCELLED) {
            return () -> future.completeExceptionally(new CancellationException("task " + result.id()
                    + " was cancelled"));
        }
        return () -> future.completeExceptionally(new TaskFailedException(result.id(), result.status(),
                result.error().type(), result.error().message()));
    }

    /** Runs a completion on the callback executor; on the calling thread if the executor refuses it. */
    private void deliver(Runnable completion) {
        try {
            callbacks.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }
}
