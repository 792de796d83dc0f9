package io.taskrunner.core.protocol;

/**
 * A record of the results topic: either the result of one task or the seal that closes a run.
 * Both are keyed by run id, so everything about one run lands in one partition, in publication order.
 */
public sealed interface ResultsTopicMessage permits ResultMessage, RunSealed {
    /** The run this record belongs to. */
    String run();
}
