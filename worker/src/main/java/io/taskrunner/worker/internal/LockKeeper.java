package io.taskrunner.worker.internal;

import java.time.Duration;

/** Keeps the claim on the record of a running task alive while the task outlives the claim's lock. */
public interface LockKeeper {
    /** How often {@link #renew()} must be called while the task runs. */
    Duration interval();

    /** Extends the lock; called on the thread that owns the record. */
    void renew();

    /** For a record whose lock never needs renewing (tests, or a source without locks). */
    LockKeeper NONE = new LockKeeper() {
        @Override
        public Duration interval() {
            return Duration.ofDays(1);
        }

        @Override
        public void renew() {
        }
    };
}
