package io.taskrunner.producer.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * Hands out the ids of one run's tasks and keeps them unique. A task without an id of its own gets its
 * sequence number as id. Only ids given explicitly are remembered, so a run of default ids takes the same
 * memory at any size; an explicit id costs one entry. Not thread-safe.
 */
public final class TaskIds {
    /** Longest decimal that is certain to fit a long: a longer id can never be a default id. */
    private static final int MAX_SEQ_DIGITS = 18;

    private final String run;
    private final Set<String> explicitIds = new HashSet<>();
    private final Set<Long> explicitSeqs = new HashSet<>();

    /** The ids of run {@code run}, which errors name. */
    public TaskIds(String run) {
        this.run = run;
    }

    /**
     * The id of the task at {@code seq}, the next sequence number of the run.
     *
     * @param requested the id the task asks for, or null for the default
     * @throws IllegalArgumentException when the id is already taken in this run, by an explicit id or by the
     *                                  default id of an earlier task; nothing is remembered then
     */
    public String assign(String requested, long seq) {
        if (requested == null) {
            String id = String.valueOf(seq);
            if (explicitIds.contains(id)) {
                throw usedTwice(id);
            }
            return id;
        }
        long asSeq = defaultIdSeq(requested);
        boolean takenByDefault = asSeq >= 0 && asSeq < seq && !explicitSeqs.contains(asSeq);
        if (takenByDefault || explicitIds.contains(requested)) {
            throw usedTwice(requested);
        }
        explicitIds.add(requested);
        explicitSeqs.add(seq);
        return requested;
    }

    /** The sequence number whose default id {@code id} is, or -1 when no default id looks like it. */
    private static long defaultIdSeq(String id) {
        int length = id.length();
        if (length == 0 || length > MAX_SEQ_DIGITS || (length > 1 && id.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Long.parseLong(id);
    }

    private IllegalArgumentException usedTwice(String id) {
        return new IllegalArgumentException("task id '" + id + "' is used twice in run " + run);
    }
}
