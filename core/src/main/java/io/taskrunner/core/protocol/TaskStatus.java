package io.taskrunner.core.protocol;

/** How a task ended. Every task of a run gets exactly one result with one of these statuses. */
public enum TaskStatus {
    /** The handler returned a value. */
    SUCCEEDED,
    /** The handler threw; the result carries the error type and message. */
    FAILED,
    /** The handler ran past the task's time limit. */
    TIMED_OUT,
    /** The task was cancelled before it ran. */
    CANCELLED,
    /** The task could not be run at all: unknown type, undecodable payload, unsupported version. */
    REJECTED
}
