package io.taskrunner.worker.internal;

/**
 * Where a worker's tasks come from: runs on its own thread until asked to stop, then finishes the tasks it
 * has started. Interrupting that thread abandons them; their records are then delivered again elsewhere.
 */
public interface TaskSource extends Runnable {
    /** Stop taking new tasks; {@link #run()} returns once the started ones are done. */
    void stop();
}
