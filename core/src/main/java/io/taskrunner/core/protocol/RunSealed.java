package io.taskrunner.core.protocol;

/**
 * Written by the producer after the last task of a run: the run has exactly {@code count} tasks,
 * with sequence numbers {@code 0..count-1}.
 *
 * @param v     protocol major version
 * @param kind  always {@value #KIND}
 * @param run   the run that is sealed
 * @param count how many tasks the run has
 */
public record RunSealed(int v, String kind, String run, long count) implements ResultsTopicMessage {
    public static final String KIND = "sealed";

    public RunSealed {
        kind = KIND;
        Fields.requireText(run, "run");
        if (count < 0) {
            throw new ProtocolException("count must be >= 0, was " + count);
        }
    }

    public static RunSealed of(String run, long count) {
        return new RunSealed(ProtocolCodec.VERSION, KIND, run, count);
    }
}
