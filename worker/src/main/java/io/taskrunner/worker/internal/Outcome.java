package io.taskrunner.worker.internal;

import io.taskrunner.core.protocol.ResultMessage;
import java.util.Optional;
import org.apache.kafka.clients.consumer.AcknowledgeType;

/**
 * What processing one task record produced: the result to publish (absent when the record names no task
 * that could be answered), an optional dead letter, and how to acknowledge the record once both are written.
 */
public record Outcome(Optional<ResultMessage> result, Optional<DeadLetter> deadLetter, AcknowledgeType acknowledgement) {

    public static Outcome completed(ResultMessage result) {
        return new Outcome(Optional.of(result), Optional.empty(), AcknowledgeType.ACCEPT);
    }

    static Outcome rejected(Optional<ResultMessage> result, DeadLetter deadLetter) {
        return new Outcome(result, Optional.of(deadLetter), AcknowledgeType.REJECT);
    }
}
