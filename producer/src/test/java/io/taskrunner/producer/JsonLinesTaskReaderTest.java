package io.taskrunner.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTaskReaderTest {
    private final JsonLinesTaskReader reader = new JsonLinesTaskReader(new ObjectMapper());

    private List<TaskSpec> read(String text) {
        List<TaskSpec> specs = new ArrayList<>();
        reader.read(new BufferedReader(new StringReader(text)), specs::add);
        return specs;
    }

    @Test
    void readsTasksInLineOrderSkippingBlankLines() {
        List<TaskSpec> specs = read("{\"type\":\"sleep\",\"payload\":{\"ms\":5}}\n\n{\"type\":\"echo\",\"id\":\"x\"}\n"
                + "{\"type\":\"echo\",\"id\":7}\n");

        assertThat(specs).extracting(TaskSpec::type).containsExactly("sleep", "echo", "echo");
        assertThat(specs).extracting(TaskSpec::id).containsExactly(null, "x", "7");
        assertThat(specs.get(0).payload().get("ms").asInt()).isEqualTo(5);
        assertThat(specs.get(1).payload().isNull()).isTrue();
    }

    @Test
    void namesTheLineOfTheFirstBadTask() {
        assertThatThrownBy(() -> read("{\"type\":\"echo\"}\n{\"payload\":1}\n"))
                .hasMessage("line 2: \"type\" is missing or not a string");
        assertThatThrownBy(() -> read("{\"type\":\"echo\"}\n\n{oops\n")).hasMessageStartingWith("line 3: not valid JSON");
        assertThatThrownBy(() -> read("[1]\n")).hasMessageStartingWith("line 1: expected a JSON object");
        assertThatThrownBy(() -> read("{\"type\":\"echo\",\"maxAttempts\":0}\n"))
                .hasMessage("line 1: \"maxAttempts\" must be a whole number >= 1, was 0");
    }

    @Test
    void readsAttemptsAndTimeLimitPerTask() {
        TaskSpec spec = read("{\"type\":\"echo\",\"maxAttempts\":5,\"timeoutMs\":2000}").get(0);

        assertThat(spec.maxAttempts()).isEqualTo(5);
        assertThat(spec.timeoutMs()).isEqualTo(2000);
    }
}
