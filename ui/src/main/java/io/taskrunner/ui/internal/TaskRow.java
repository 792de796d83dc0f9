package io.taskrunner.ui.internal;

import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskError;
import io.taskrunner.core.protocol.TaskStatus;

/** What the view knows of one task: from its submission, then from its result. Guarded by the {@link Board}. */
final class TaskRow {
    final String id;
    long seq;
    String type;
    long submittedAt;
    TaskStatus status;
    String worker = "";
    int attempt;
    long startedAt;
    long finishedAt;
    TaskError error;

    TaskRow(String id, long seq, String type, long submittedAt) {
        this.id = id;
        this.seq = seq;
        this.type = type;
        this.submittedAt = submittedAt;
    }

    void finish(ResultMessage result) {
        seq = result.seq();
        type = result.type();
        submittedAt = result.submittedAt();
        status = result.status();
        worker = result.worker();
        attempt = result.attempt();
        startedAt = result.startedAt();
        finishedAt = result.finishedAt();
        error = result.error();
    }

    /** A rough size on the heap: object headers and fields, and two bytes a character of its strings. */
    long bytes() {
        long chars = id.length() + type.length() + worker.length();
        if (error != null) {
            chars += error.type().length() + error.message().length() + (error.trace() == null ? 0 : error.trace().length());
        }
        return 160 + 2 * chars;
    }

    boolean finished() {
        return status != null;
    }
}
