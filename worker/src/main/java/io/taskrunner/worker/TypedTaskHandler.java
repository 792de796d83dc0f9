package io.taskrunner.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Objects;

/**
 * A handler whose payload is bound to a class of its own, e.g. a record:
 *
 * <pre>{@code
 * public final class ResizeHandler extends TypedTaskHandler<ResizeHandler.Request> {
 *     public record Request(String url, int width) {}
 *     public ResizeHandler() { super("resize", Request.class); }
 *     protected Object handle(TaskContext context, Request request) { ... }
 * }
 * }</pre>
 *
 * The payload is bound only to {@code payloadType} (no polymorphic typing, so a payload cannot name a
 * class to instantiate). Unknown payload fields are ignored; a payload that does not fit fails the task
 * with {@link InvalidPayloadException}, which is never retried.
 *
 * @param <P> the payload type
 */
public abstract class TypedTaskHandler<P> implements TaskHandler {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final String type;
    private final Class<P> payloadType;

    protected TypedTaskHandler(String type, Class<P> payloadType) {
        this.type = Objects.requireNonNull(type, "type");
        this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Object handle(TaskContext context, JsonNode payload) throws Exception {
        P bound;
        try {
            bound = MAPPER.treeToValue(payload, payloadType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidPayloadException("payload of a '" + type + "' task does not fit "
                    + payloadType.getSimpleName() + ": " + e.getMessage(), e);
        }
        return handle(context, bound);
    }

    /** Runs one task with its payload bound to {@code P}; see {@link TaskHandler#handle}. */
    protected abstract Object handle(TaskContext context, P payload) throws Exception;
}
