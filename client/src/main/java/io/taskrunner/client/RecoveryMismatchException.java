package io.taskrunner.client;

/**
 * The run already has a different task at this sequence number: a client connected with an earlier run id
 * submitted tasks that are not the ones submitted before, in the same order, so the published result there
 * answers another task. The client refuses to hand that result out; use a new run id for new input.
 */
public class RecoveryMismatchException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String run;
    private final long seq;
    private final String expectedType;
    private final String foundType;

    public RecoveryMismatchException(String run, long seq, String expectedId, String expectedType, String foundId,
                                     String foundType) {
        super("run " + run + " already has a different task at seq " + seq + ": submitted task '" + expectedId
                + "' of type '" + expectedType + "', the run's result there is for task '" + foundId + "' of type '"
                + foundType + "'; submit the same tasks in the same order to recover a run, or use a new run id");
        this.run = run;
        this.seq = seq;
        this.expectedType = expectedType;
        this.foundType = foundType;
    }

    public String run() {
        return run;
    }

    public long seq() {
        return seq;
    }

    /** The type of the task submitted now. */
    public String expectedType() {
        return expectedType;
    }

    /** The type of the task the run's result belongs to. */
    public String foundType() {
        return foundType;
    }
}
