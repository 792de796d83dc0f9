package io.taskrunner.client;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What {@link TaskClient#asCompleted} returns: the futures in the order they complete, within a deadline. */
final class CompletionOrder<T> implements Iterable<TaskFuture<T>> {
    private final BlockingQueue<TaskFuture<T>> done = new LinkedBlockingQueue<>();
    private final int total;
    private final Duration timeout;
    private final long deadline;

    CompletionOrder(Collection<TaskFuture<T>> futures, Duration timeout) {
        futures.forEach(future -> future.stage().whenComplete((value, error) -> done.add(future)));
        this.total = futures.size();
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public Iterator<TaskFuture<T>> iterator() {
        return new Iterator<>() {
            private int yielded;

            @Override
            public boolean hasNext() {
                return yielded < total;
            }

            @Override
            public TaskFuture<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    TaskFuture<T> next = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        throw new TaskTimeoutException(total - yielded, timeout);
                    }
                    yielded++;
                    return next;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for results", e);
                }
            }
        };
    }
}
