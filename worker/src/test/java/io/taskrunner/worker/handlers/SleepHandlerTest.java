package io.taskrunner.worker.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.worker.TaskContext;
import org.junit.jupiter.api.Test;

class SleepHandlerTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    private static TaskContext seq(long seq) {
        return TaskContext.of(String.valueOf(seq), "r", seq, "sleep");
    }

    @Test
    void fixedDurationAndItsReport() throws Exception {
        assertThat(SleepHandler.duration(seq(0), json("{\"ms\":1500}"))).isEqualTo(1500);
        assertThat(new SleepHandler().handle(seq(0), json("{\"ms\":0}"))).isEqualTo("slept 0s");
        assertThat(SleepHandler.seconds(2000)).isEqualTo("2s");
        assertThat(SleepHandler.seconds(1250)).isEqualTo("1.250s");
    }

    @Test
    void seededRandomDurationDependsOnlyOnSeedAndSequence() throws Exception {
        JsonNode payload = json("{\"minMs\":1000,\"maxMs\":4000,\"seed\":7}");
        long first = SleepHandler.duration(seq(3), payload);

        assertThat(SleepHandler.duration(seq(3), payload)).isEqualTo(first);
        assertThat(first).isBetween(1000L, 4000L);
        long distinct = java.util.stream.LongStream.range(0, 50)
                .map(s -> SleepHandler.duration(seq(s), payload)).distinct().count();
        assertThat(distinct).isGreaterThan(1);
    }

    @Test
    void badPayloadsSayWhatIsExpected() {
        assertThatThrownBy(() -> SleepHandler.duration(seq(0), json("{}"))).hasMessageContaining("{\"ms\": N}");
        assertThatThrownBy(() -> SleepHandler.duration(seq(0), json("{\"ms\":-1}"))).hasMessageContaining("'ms'");
        assertThatThrownBy(() -> SleepHandler.duration(seq(0), json("{\"minMs\":5,\"maxMs\":1}")))
                .hasMessageContaining("less than minMs");
    }
}
