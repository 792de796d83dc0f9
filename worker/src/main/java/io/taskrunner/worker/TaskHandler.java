package io.taskrunner.worker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the tasks of one type. Implementations are found with {@link java.util.ServiceLoader}: list the class
 * in {@code META-INF/services/io.taskrunner.worker.TaskHandler} and give it a public no-argument constructor.
 *
 * <p>{@link #handle} is called from several threads at once, one task per call; keep it thread-safe.
 * What it returns becomes the result's {@code value} (anything Jackson can write). What it throws
 * becomes a FAILED result carrying the exception's simple class name and message.
 */
public interface TaskHandler {
    /** The task type this handler runs, e.g. {@code "sleep"}. */
    String type();

    /**
     * Runs one task.
     *
     * @param context what the task is: id, run, sequence number, attempt
     * @param payload the task's payload as submitted (JSON null when it had none)
     * @return the result value
     * @throws Exception to fail the task; the exception's type and message are reported
     */
    Object handle(TaskContext context, JsonNode payload) throws Exception;
}
