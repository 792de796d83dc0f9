package io.taskrunner.core.protocol;

/**
 * A notice on the control topic, written when a run's first task is submitted: no result of the run is
 * before {@code offset} of {@code partition} of the results topic (the partition's end when the run began).
 * A collector starts reading the run there instead of at the partition's beginning, so a run late in a long
 * partition costs only its own records. A run submitted several times has several; the lowest offset counts.
 *
 * @param v         protocol major version
 * @param kind      always {@value #KIND}
 * @param run       the run
 * @param partition the run's partition of the results topic
 * @param offset    where the run's results begin at the earliest
 * @param startedAt epoch ms when the notice was written
 */
public record RunStarted(int v, String kind, String run, int partition, long offset, long startedAt) {
    public static final String KIND = "run-started";

    public RunStarted {
        kind = KIND;
        Fields.requireText(run, "run");
        if (partition < 0 || offset < 0) {
            throw new ProtocolException("partition and offset must be >= 0, were " + partition + " and " + offset);
        }
    }

    public static RunStarted of(String run, int partition, long offset, long startedAt) {
        return new RunStarted(ProtocolCodec.VERSION, KIND, run, partition, offset, startedAt);
    }
}
