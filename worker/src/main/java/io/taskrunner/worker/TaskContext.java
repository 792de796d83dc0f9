package io.taskrunner.worker;

/**
 * What a handler knows about the task it runs.
 *
 * @param id      the task id, unique within its run
 * @param run     the run the task belongs to
 * @param seq     the submission sequence number within the run (0-based)
 * @param type    the task type
 * @param attempt 1 on the first attempt
 */
public record TaskContext(String id, String run, long seq, String type, int attempt) {
}
