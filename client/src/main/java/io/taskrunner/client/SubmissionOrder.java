package io.taskrunner.client;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * What {@link TaskClient#map} iterates: submits the inputs lazily, at most {@code window} ahead of the one
 * it waits for, and yields their values in submission order; the first failure ends it, unwrapped.
 */
final class SubmissionOrder<T> implements Iterator<T> {
    private final Iterator<?> inputs;
    private final Function<Object, TaskFuture<T>> submit;
    private final int window;
    private final Deque<TaskFuture<T>> inFlight = new ArrayDeque<>();

    SubmissionOrder(Iterator<?> inputs, Function<Object, TaskFuture<T>> submit, int window) {
        this.inputs = inputs;
        this.submit = submit;
        this.window = window;
    }

    @Override
    public boolean hasNext() {
        fill();
        return !inFlight.isEmpty();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T value = inFlight.removeFirst().join();
        fill();
        return value;
    }

    private void fill() {
        while (inFlight.size() < window && inputs.hasNext()) {
            inFlight.add(submit.apply(inputs.next()));
        }
    }
}
