package io.taskrunner.core.protocol;

/**
 * A notice on the control topic: the task a worker moved to the long-task lane has its result written, so
 * whichever worker watches its lane copy may let that copy go.
 *
 * @param v          protocol major version
 * @param kind       always {@value #KIND}
 * @param origin     where the task's record was: {@code topic-partition@offset}
 * @param finishedAt epoch ms when its result was written
 */
public record LongTaskFinished(int v, String kind, String origin, long finishedAt) {
    public static final String KIND = "long-task-finished";

    public LongTaskFinished {
        kind = KIND;
        Fields.requireText(origin, "origin");
    }

    public static LongTaskFinished of(String origin, long finishedAt) {
        return new LongTaskFinished(ProtocolCodec.VERSION, KIND, origin, finishedAt);
    }
}
