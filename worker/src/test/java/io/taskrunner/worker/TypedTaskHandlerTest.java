package io.taskrunner.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TypedTaskHandlerTest {
    /** The example of docs/HANDLERS.md, in small. */
    static final class GreetHandler extends TypedTaskHandler<GreetHandler.Request> {
        record Request(String name, int times) {
        }

        GreetHandler() {
            super("greet", Request.class);
        }

        @Override
        protected Object handle(TaskContext context, Request request) {
            return ("hello " + request.name() + " ").repeat(request.times()).trim();
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final TaskContext context = TaskContext.of("1", "r", 0, "greet");

    @Test
    void bindsThePayloadToTheHandlersType() throws Exception {
        Object value = new GreetHandler().handle(context, mapper.readTree("{\"name\":\"ada\",\"times\":2,\"extra\":1}"));

        assertThat(value).isEqualTo("hello ada hello ada");
        assertThat(new GreetHandler().type()).isEqualTo("greet");
    }

    @Test
    void aPayloadThatDoesNotFitFailsWithoutRetry() {
        assertThatThrownBy(() -> new GreetHandler().handle(context, mapper.readTree("{\"times\":\"many\"}")))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("payload of a 'greet' task does not fit Request");
        assertThat(RetryPolicy.defaults().isRetriable(new InvalidPayloadException("x", null))).isFalse();
    }

    @Test
    void contextSaysWhenToStop() {
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        TaskContext watched = new TaskContext("1", "r", 0, "greet", 1, 3, java.util.Optional.empty(), cancelled::get);

        assertThat(watched.isCancelled()).isFalse();
        cancelled.set(true);
        assertThat(watched.isCancelled()).isTrue();
        assertThat(watched.log().getName()).isEqualTo("io.taskrunner.task.greet");
    }
}
