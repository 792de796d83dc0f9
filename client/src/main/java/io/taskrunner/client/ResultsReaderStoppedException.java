package io.taskrunner.client;

/**
 * The thread that reads a client's results stopped on an error, so no result can reach the client any
 * more: every future still pending fails with this, and so does every later {@code submit} or {@code map}.
 * The cause is the error the reader stopped on. The results already published are not lost: a new client
 * connected with the same run recovers them.
 */
public class ResultsReaderStoppedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String run;

    public ResultsReaderStoppedException(String run, Throwable cause) {
        super("the results reader of run " + run + " stopped (" + cause + "); no more results can arrive, "
                + "connect a new client with run " + run + " to recover the published ones", cause);
        this.run = run;
    }

    public String run() {
        return run;
    }
}
