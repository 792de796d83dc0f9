package io.taskrunner.collector;

import java.util.List;
import java.util.OptionalLong;

/**
 * How a collection ended.
 *
 * @param complete     every task of the sealed run has a result
 * @param expected     the sealed task count; empty when the seal was not seen
 * @param received     distinct results read
 * @param emitted      results written to the sink (in submission order, fewer than received while a gap holds them back)
 * @param duplicates   results dropped because their task already had one
 * @param missingSeqs  sequence numbers with no result yet (empty when complete or when not sealed)
 * @param stats        counts per status and worker, latency
 */
public record CollectionSummary(boolean complete, OptionalLong expected, long received, long emitted, long duplicates,
                                List<Long> missingSeqs, CollectionStats stats) {
    public CollectionSummary {
        missingSeqs = List.copyOf(missingSeqs);
    }

    /** For a person: what is complete, what is missing, then the statistics. */
    public String describe(String run) {
        return outcome(run) + System.lineSeparator() + stats.describe();
    }

    /** One line: what is complete, what is missing. */
    public String outcome(String run) {
        if (complete) {
            return "run " + run + " complete: " + emitted + " results" + (duplicates > 0 ? ", " + duplicates
                    + " duplicates dropped" : "");
        }
        if (expected.isEmpty()) {
            return "run " + run + " incomplete: " + received + " results so far and the run was never sealed "
                    + "(did its producer finish?)";
        }
        int shown = Math.min(missingSeqs.size(), 50);
        return "run " + run + " incomplete: " + received + " of " + expected.getAsLong() + " results"
                + (emitted < received ? " (" + (received - emitted) + " held back behind the first missing one)" : "")
                + "; missing seq "
                + missingSeqs.subList(0, shown) + (missingSeqs.size() > shown ? " and " + (missingSeqs.size() - shown)
                + " more" : "");
    }
}
