package io.taskrunner.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Encodes and decodes the JSON envelopes of wire protocol v1.
 *
 * <p>Decoding is strict about what matters and lenient about the rest: an unknown field is ignored (so a
 * newer minor version can add fields), but a missing or different major version {@code v}, malformed JSON
 * or a missing required field raises {@link ProtocolException}. Thread-safe.
 */
public final class ProtocolCodec {
    /** The protocol major version this code writes and reads. */
    public static final int VERSION = 1;
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private final ObjectMapper mapper;
    /** Tasks in and results out without data binding; what it does not read, the tree path reads or explains. */
    private final StreamingEnvelopes streaming;

    public ProtocolCodec() {
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        this.streaming = new StreamingEnvelopes(mapper);
    }

    /** The mapper this codec uses, for turning handler values and payloads into JSON trees. */
    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] encode(TaskMessage task) {
        try {
            return streaming.writeTask(task);
        } catch (IOException e) {
            throw new ProtocolException("cannot encode a task: " + e.getMessage(), e);
        }
    }

    public byte[] encode(ResultsTopicMessage message) {
        if (message instanceof ResultMessage result) {
            try {
                return streaming.writeResult(result);
            } catch (IOException e) {
                throw new ProtocolException("cannot encode a result: " + e.getMessage(), e);
            }
        }
        return write(message);
    }

    public byte[] encode(Cancellation cancellation) {
        return write(cancellation);
    }

    public byte[] encode(LongTaskFinished notice) {
        return write(notice);
    }

    public byte[] encode(RunStarted notice) {
        return write(notice);
    }

    public byte[] encode(WorkerStatus status) {
        return write(status);
    }

    /** A workers-topic record. */
    public WorkerStatus decodeWorkerStatus(byte[] bytes) {
        JsonNode tree = readVersioned(bytes);
        if (!WorkerStatus.KIND.equals(tree.path("kind").asText(""))) {
            throw new ProtocolException("unknown workers-topic record kind '" + tree.path("kind").asText("") + "'");
        }
        return convert(tree, WorkerStatus.class);
    }

    public Cancellation decodeCancellation(byte[] bytes) {
        if (decodeControl(bytes) instanceof Cancellation cancellation) {
            return cancellation;
        }
        throw new ProtocolException("not a cancellation");
    }

    /** A control-topic record: a {@link Cancellation}, a {@link LongTaskFinished} or a {@link RunStarted}. */
    public Record decodeControl(byte[] bytes) {
        JsonNode tree = readVersioned(bytes);
        String kind = tree.path("kind").asText("");
        return switch (kind) {
            case Cancellation.KIND -> convert(tree, Cancellation.class);
            case LongTaskFinished.KIND -> convert(tree, LongTaskFinished.class);
            case RunStarted.KIND -> convert(tree, RunStarted.class);
            default -> throw new ProtocolException("unknown control record kind '" + kind + "'");
        };
    }

    public TaskMessage decodeTask(byte[] bytes) {
        TaskMessage task = streamed(bytes, streaming::readTask);
        if (task != null) {
            return task;
        }
        JsonNode tree = readVersioned(bytes);
        requireWholeSeq(tree);
        return convert(tree, TaskMessage.class);
    }

    /**
     * Tasks and results are filed by {@code seq}: one missing, fractional, or given as text that is not all
     * digits (Jackson would bind {@code ""} or {@code "null"} as 0) is refused, never bound as 0.
     */
    private static void requireWholeSeq(JsonNode tree) {
        JsonNode seq = tree.path("seq");
        if (!seq.isIntegralNumber() && !(seq.isTextual() && DIGITS.matcher(seq.textValue()).matches())) {
            throw new ProtocolException("field 'seq' is missing or not a whole number");
        }
    }

    public ResultsTopicMessage decodeResultsTopic(byte[] bytes) {
        ResultsTopicMessage message = streamed(bytes, streaming::readResultsTopic);
        if (message != null) {
            return message;
        }
        JsonNode tree = readVersioned(bytes);
        String kind = tree.path("kind").asText("");
        return switch (kind) {
            case ResultMessage.KIND -> {
                requireWholeSeq(tree);
                yield convert(tree, ResultMessage.class);
            }
            case RunSealed.KIND -> convert(tree, RunSealed.class);
            default -> throw new ProtocolException("unknown results-topic record kind '" + kind + "'");
        };
    }

    /**
     * The task id and run of a record that may not decode as a whole, so that even a bad task can be
     * answered with a REJECTED result. Empty when the bytes are not JSON or carry no (or a blank) id and run;
     * {@code seq} is -1 unless it is a whole number that fits a long.
     */
    public Optional<TaskIdentity> peekIdentity(byte[] bytes) {
        try {
            JsonNode tree = mapper.readTree(bytes);
            if (tree == null || !isNonBlankText(tree.path("id")) || !isNonBlankText(tree.path("run"))) {
                return Optional.empty();
            }
            JsonNode seq = tree.path("seq");
            return Optional.of(new TaskIdentity(tree.get("id").asText(), tree.get("run").asText(),
                    seq.isIntegralNumber() && seq.canConvertToLong() ? seq.longValue() : -1,
                    tree.path("type").asText(""), tree.path("submittedAt").asLong(0)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isNonBlankText(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank();
    }

    /** The parts of a task that identify it, read leniently from a record that may be invalid otherwise. */
    public record TaskIdentity(String id, String run, long seq, String type, long submittedAt) {
    }

    private byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A reader of the streaming path; null for a record it leaves to the tree path. */
    private interface StreamingReader<T> {
        T read(byte[] bytes) throws IOException;
    }

    /**
     * What the streaming path reads from {@code bytes}, or null: a record that is not a well-formed,
     * plainly typed v1 record is left to the tree path, which reads it or says what is wrong with it.
     */
    private static <T> T streamed(byte[] bytes, StreamingReader<T> reader) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return reader.read(bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private JsonNode readVersioned(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ProtocolException("empty record value");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProtocolException("cannot read record value: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ProtocolException("expected a JSON object");
        }
        JsonNode v = tree.get("v");
        if (v == null || !v.canConvertToInt()) {
            throw new ProtocolException("field 'v' (protocol version) is missing");
        }
        if (v.asInt() != VERSION) {
            throw new UnsupportedVersionException(v.asInt());
        }
        return tree;
    }

    private <T> T convert(JsonNode tree, Class<T> type) {
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProtocolException pe) {
                throw pe;
            }
            throw new ProtocolException("invalid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A record written with a protocol major version this code does not read. */
    public static final class UnsupportedVersionException extends ProtocolException {
        private static final long serialVersionUID = 1L;

        public UnsupportedVersionException(int version) {
            super("unsupported protocol version " + version + " (this build reads version " + VERSION + ")");
        }
    }
}
