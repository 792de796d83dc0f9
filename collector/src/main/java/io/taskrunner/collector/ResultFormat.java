package io.taskrunner.collector;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskStatus;

/** How a collector writes one result as one line. */
public enum ResultFormat {
    /** Human-readable, like the seed: {@code Received: task 3 result (slept 1s)}. */
    TEXT {
        @Override
        public String format(ResultMessage result, ProtocolCodec codec) {
            if (result.status() == TaskStatus.SUCCEEDED) {
                return "Received: task " + result.id() + " result (" + valueText(result.value()) + ")";
            }
            return "Received: task " + result.id() + " " + result.status() + " (" + result.error().type()
                    + (result.error().message().isEmpty() ? "" : ": " + result.error().message()) + ")";
        }
    },
    /** One JSON object a line, with every field of the result (see docs/PROTOCOL.md). */
    JSONL {
        @Override
        public String format(ResultMessage result, ProtocolCodec codec) {
            return new String(codec.encode(result), java.nio.charset.StandardCharsets.UTF_8);
        }
    };

    public abstract String format(ResultMessage result, ProtocolCodec codec);

    private static String valueText(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        return value.isTextual() ? value.asText() : value.toString();
    }
}
