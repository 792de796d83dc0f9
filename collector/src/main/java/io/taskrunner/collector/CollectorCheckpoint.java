package io.taskrunner.collector;

/**
 * Where a collection resumes. The collector calls {@link #save} after the output holds everything emitted
 * for the records up to {@code lastOffset}; on a restart it replays the partition up to
 * {@link #resumeAfterOffset()} without writing, which rebuilds its state, and writes from there on.
 */
public interface CollectorCheckpoint {
    /** Records up to this offset were processed and their output written; -1 when starting afresh. */
    long resumeAfterOffset();

    /** The output is complete for every record up to {@code lastOffset}: make that durable. */
    void save(long lastOffset);

    /** No resumption: every collection starts from the beginning (e.g. output to a terminal). */
    CollectorCheckpoint NONE = new CollectorCheckpoint() {
        @Override
        public long resumeAfterOffset() {
            return -1;
        }

        @Override
        public void save(long lastOffset) {
        }
    };
}
