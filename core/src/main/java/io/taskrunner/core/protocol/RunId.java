package io.taskrunner.core.protocol;

/** Validation of run ids: they become record keys and file names, so they stay short and plain. */
public final class RunId {
    private RunId() {
    }

    /** Returns {@code run} if it is a valid run id, else throws an error that names the setting. */
    public static String require(String run) {
        if (run == null || !run.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("--run '" + run
                    + "' is not a valid run id: use 1-200 letters, digits, '.', '_' or '-'");
        }
        return run;
    }
}
