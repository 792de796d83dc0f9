package io.taskrunner.core.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The hot paths through the protocol: the worker's (read a task, write a result) and the collector's (read
 * a results-topic record) and the producer's (write a task), with Jackson's streaming API and no data
 * binding. The bytes written are those {@link ObjectMapper} writes for a {@link TaskMessage} or a
 * {@link ResultMessage} (same fields, order and omissions); the readers
 * accept only well-typed v1 records and return null for anything else, which the data-binding path then
 * reads or explains.
 */
final class StreamingEnvelopes {
    private final ObjectMapper mapper;

    StreamingEnvelopes(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The task in {@code bytes}, or null when they are not a plainly typed v1 task object. */
    TaskMessage readTask(byte[] bytes) throws IOException {
        int v = 0;
        String id = null;
        String run = null;
        long seq = -1; // required: a task without one is refused by TaskMessage
        String type = null;
        JsonNode payload = null;
        long submittedAt = 0;
        int attempt = 0;
        int maxAttempts = 0;
        long timeoutMs = 0;
        try (JsonParser parser = mapper.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "v" -> v = token == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
                    case "id" -> id = text(parser, token);
                    case "run" -> run = text(parser, token);
                    case "seq" -> seq = integer(parser, token);
                    case "type" -> type = text(parser, token);
                    case "payload" -> payload = mapper.readTree(parser);
                    case "submittedAt" -> submittedAt = integer(parser, token);
                    case "attempt" -> attempt = smallInteger(parser, token);
                    case "maxAttempts" -> maxAttempts = smallInteger(parser, token);
                    case "timeoutMs" -> timeoutMs = integer(parser, token);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || v != ProtocolCodec.VERSION) {
                return null;
            }
        } catch (NotPlain e) {
            return null;
        }
        return new TaskMessage(v, id, run, seq, type, payload, submittedAt, attempt, maxAttempts, timeoutMs);
    }

    /** The result or seal in {@code bytes}, or null when they are not a plainly typed v1 record of either kind. */
    ResultsTopicMessage readResultsTopic(byte[] bytes) throws IOException {
        int v = 0;
        String kind = null;
        String id = null;
        String run = null;
        long seq = -1; // required: a result without one is refused by ResultMessage
        String type = null;
        TaskStatus status = null;
        JsonNode value = null;
        TaskError error = null;
        int attempt = 0;
        String worker = null;
        long submittedAt = 0;
        long startedAt = 0;
        long finishedAt = 0;
        long count = 0;
        try (JsonParser parser = mapper.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "v" -> v = token == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
                    case "kind" -> kind = text(parser, token);
                    case "id" -> id = text(parser, token);
                    case "run" -> run = text(parser, token);
                    case "seq" -> seq = integer(parser, token);
                    case "type" -> type = text(parser, token);
                    case "status" -> status = status(text(parser, token));
                    case "value" -> value = mapper.readTree(parser);
                    case "error" -> error = error(parser, token);
                    case "attempt" -> attempt = smallInteger(parser, token);
                    case "worker" -> worker = text(parser, token);
                    case "submittedAt" -> submittedAt = integer(parser, token);
                    case "startedAt" -> startedAt = integer(parser, token);
                    case "finishedAt" -> finishedAt = integer(parser, token);
                    case "count" -> count = integer(parser, token);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || v != ProtocolCodec.VERSION) {
                return null;
            }
        } catch (NotPlain e) {
            return null;
        }
        if (ResultMessage.KIND.equals(kind)) {
            return new ResultMessage(v, kind, id, run, seq, type, status, value, error, attempt, worker, submittedAt,
                    startedAt, finishedAt);
        }
        return RunSealed.KIND.equals(kind) ? new RunSealed(v, kind, run, count) : null;
    }

    private static TaskStatus status(String name) {
        if (name == null) {
            return null;
        }
        try {
            return TaskStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new NotPlain();
        }
    }

    private static TaskError error(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new NotPlain();
        }
        String type = null;
        String message = null;
        String trace = null;
        String field;
        while ((field = parser.nextFieldName()) != null) {
            JsonToken inner = parser.nextToken();
            switch (field) {
                case "type" -> type = text(parser, inner);
                case "message" -> message = text(parser, inner);
                case "trace" -> trace = text(parser, inner);
                default -> parser.skipChildren();
            }
        }
        if (type == null) {
            throw new NotPlain(); // data binding explains the missing type
        }
        return new TaskError(type, message, trace);
    }

    byte[] writeTask(TaskMessage task) throws IOException {
        return writeObject(json -> {
            json.writeNumberField("v", task.v());
            json.writeStringField("id", task.id());
            json.writeStringField("run", task.run());
            json.writeNumberField("seq", task.seq());
            json.writeStringField("type", task.type());
            json.writeFieldName("payload");
            mapper.writeTree(json, task.payload());
            json.writeNumberField("submittedAt", task.submittedAt());
            json.writeNumberField("attempt", task.attempt());
            json.writeNumberField("maxAttempts", task.maxAttempts());
            json.writeNumberField("timeoutMs", task.timeoutMs());
        });
    }

    byte[] writeResult(ResultMessage result) throws IOException {
        return writeObject(json -> {
            json.writeNumberField("v", result.v());
            json.writeStringField("kind", result.kind());
            json.writeStringField("id", result.id());
            json.writeStringField("run", result.run());
            json.writeNumberField("seq", result.seq());
            json.writeStringField("type", result.type());
            json.writeStringField("status", result.status().name());
            if (result.value() != null) {
                json.writeFieldName("value");
                mapper.writeTree(json, result.value());
            }
            if (result.error() != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("type", result.error().type());
                json.writeStringField("message", result.error().message());
                if (result.error().trace() != null) {
                    json.writeStringField("trace", result.error().trace());
                }
                json.writeEndObject();
            }
            json.writeNumberField("attempt", result.attempt());
            json.writeStringField("worker", result.worker());
            json.writeNumberField("submittedAt", result.submittedAt());
            json.writeNumberField("startedAt", result.startedAt());
            json.writeNumberField("finishedAt", result.finishedAt());
        });
    }

    /** What goes between an object's braces. */
    private interface ObjectBody {
        void write(JsonGenerator json) throws IOException;
    }

    private byte[] writeObject(ObjectBody body) throws IOException {
        try (ByteArrayBuilder out = new ByteArrayBuilder(mapper.getFactory()._getBufferRecycler());
             JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
            json.flush();
            return out.getClearAndRelease(); // hands the buffer back to Jackson's recycler for the next one
        }
    }

    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new NotPlain();
        }
        return parser.getText();
    }

    private static long integer(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new NotPlain();
        }
        return parser.getLongValue();
    }

    private static int smallInteger(JsonParser parser, JsonToken token) throws IOException {
        long value = integer(parser, token);
        if (value != (int) value) {
            throw new NotPlain();
        }
        return (int) value;
    }

    /** A field of a type the data-binding path would coerce or refuse: that path decides. */
    private static final class NotPlain extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotPlain() {
            super(null, null, false, false);
        }
    }
}
