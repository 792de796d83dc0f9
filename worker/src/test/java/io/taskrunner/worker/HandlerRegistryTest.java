package io.taskrunner.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.worker.handlers.EchoHandler;
import org.junit.jupiter.api.Test;

class HandlerRegistryTest {
    @Test
    void discoversTheBuiltInHandlersWithServiceLoader() {
        HandlerRegistry registry = HandlerRegistry.discover(getClass().getClassLoader());

        assertThat(registry.types()).containsExactly("echo", "fail", "sleep");
        assertThat(registry.find("echo")).containsInstanceOf(EchoHandler.class);
        assertThat(registry.find("nope")).isEmpty();
    }

    @Test
    void anAllowListKeepsOnlyTheNamedTypesAndRejectsUnknownNames() {
        HandlerRegistry all = HandlerRegistry.discover(getClass().getClassLoader());

        assertThat(all.allowOnly(java.util.List.of("echo", "sleep")).types()).containsExactly("echo", "sleep");
        assertThat(all.allowOnly(java.util.List.of("echo")).find("fail")).isEmpty();
        assertThatThrownBy(() -> all.allowOnly(java.util.List.of("echo", "resize")))
                .hasMessage("--types names [resize] but no handler runs it; handlers found: echo, fail, sleep");
    }

    @Test
    void twoHandlersForOneTypeAreAnError() {
        assertThatThrownBy(() -> HandlerRegistry.of(new EchoHandler(), new EchoHandler()))
                .hasMessageContaining("two handlers for task type 'echo'");
    }

    @Test
    void workerConfigNamesTheBadSetting() {
        assertThatThrownBy(() -> WorkerConfig.defaults(io.taskrunner.core.kafka.Topics.defaults()).withConcurrency(0))
                .hasMessageContaining("--concurrency must be 1..1024, was 0");
        assertThatThrownBy(() -> WorkerConfig.defaults(io.taskrunner.core.kafka.Topics.defaults()).withPrefetch(0))
                .hasMessageContaining("--prefetch must be 1..10000, was 0");
        assertThatThrownBy(() -> WorkerConfig.defaults(io.taskrunner.core.kafka.Topics.defaults()).withPrefetch(16)
                .withSource(TaskSourceKind.CONSUMER))
                .hasMessageContaining("--prefetch applies to --source share only");
    }
}
