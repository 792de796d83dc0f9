package io.taskrunner.collector;

import com.fasterxml.jackson.databind.node.TextNode;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskError;
import io.taskrunner.core.protocol.TaskStatus;

/** Hand-built results for unit tests. */
public final class ResultFixtures {
    private ResultFixtures() {
    }

    public static ResultMessage ok(String run, long seq) {
        return new ResultMessage(ProtocolCodec.VERSION, ResultMessage.KIND, String.valueOf(seq), run, seq, "sleep",
                TaskStatus.SUCCEEDED, TextNode.valueOf("slept 1s"), null, 1, "h:1", 1, 2, 3);
    }

    public static ResultMessage failed(String run, long seq) {
        return new ResultMessage(ProtocolCodec.VERSION, ResultMessage.KIND, String.valueOf(seq), run, seq, "fail",
                TaskStatus.FAILED, null, new TaskError("RequestedFailure", "boom"), 1, "h:1", 1, 2, 3);
    }
}
