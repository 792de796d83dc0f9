package io.taskrunner.worker.internal;

import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.worker.TaskHandler;

/** What {@link TaskIntake} decided for a task record: run it, or answer it without running it. */
public sealed interface Admission {
    /** The task is valid and has a handler. */
    record Run(TaskMessage task, TaskHandler handler) implements Admission {
    }

    /** The task is not run; the outcome says what to publish instead. */
    record Refuse(Outcome outcome) implements Admission {
    }
}
