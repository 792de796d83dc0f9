package io.taskrunner.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The streaming hot path says exactly what data binding says, or leaves the record to it. */
class StreamingEnvelopesTest {
    private final ProtocolCodec codec = new ProtocolCodec();
    private final StreamingEnvelopes streaming = new StreamingEnvelopes(codec.mapper());

    @Test
    void resultsAreWrittenByteForByteAsDataBindingWritesThem() throws Exception {
        TaskMessage task = new TaskMessage(1, "t-7", "run \"quoted\" é", 7, "echo", NullNode.getInstance(), 42, 2, 3, 0);
        JsonNode value = codec.mapper().valueToTree(Map.of("list", List.of(1, "two", 3.5), "nested", Map.of("k", true)));
        List<ResultMessage> results = List.of(
                ResultMessage.of(task, TaskStatus.SUCCEEDED, value, null, "host:1", 100, 200),
                ResultMessage.of(task, TaskStatus.SUCCEEDED, NullNode.getInstance(), null, "host:1", 100, 200),
                ResultMessage.of(task, TaskStatus.SUCCEEDED, null, null, "", 100, 200),
                ResultMessage.of(task, TaskStatus.FAILED, null, new TaskError("Boom", "line\nbreak \u2603"), "h:2", 1, 2),
                ResultMessage.of(task, TaskStatus.FAILED, null, TaskError.of(new IllegalStateException("with trace")),
                        "h:2", 1, 2),
                ResultMessage.of(task, TaskStatus.TIMED_OUT, null, new TaskError("TimedOut", null), "h:2", 1, 2));
        for (ResultMessage result : results) {
            assertThat(new String(streaming.writeResult(result), StandardCharsets.UTF_8))
                    .isEqualTo(codec.mapper().writeValueAsString(result));
            assertThat(codec.decodeResultsTopic(codec.encode(result))).isEqualTo(result);
        }
    }

    @Test
    void tasksAreWrittenByteForByteAsDataBindingWritesThem() throws Exception {
        JsonNode payload = codec.mapper().valueToTree(Map.of("list", List.of(1, "two", 3.5), "s", "line\nbreak \u2603"));
        List<TaskMessage> tasks = List.of(
                new TaskMessage(1, "t-7", "run \"quoted\" é", 7, "echo", payload, 42, 2, 3, 1500),
                new TaskMessage(1, "0", "r", 0, "sleep", null, 0, 1, 1, 0),
                new TaskMessage(1, "x", "r", TaskMessage.SEQ_LIMIT - 1, "t", codec.mapper().valueToTree("text"), 1, 1, 1, 0));
        for (TaskMessage task : tasks) {
            assertThat(new String(streaming.writeTask(task), StandardCharsets.UTF_8))
                    .isEqualTo(codec.mapper().writeValueAsString(task));
            assertThat(codec.decodeTask(codec.encode(task))).isEqualTo(task);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"seq\":1,\"type\":\"echo\",\"payload\":{\"a\":[1,2,{\"b\":null}]},"
                    + "\"submittedAt\":5,\"attempt\":2,\"maxAttempts\":4,\"timeoutMs\":300}",
            "{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"seq\":1,\"type\":\"echo\"}",
            "{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"seq\":1,\"type\":\"echo\",\"payload\":null,\"extra\":{\"deep\":[1]}}",
            "{\"type\":\"echo\",\"payload\":\"x\",\"seq\":0,\"run\":\"r\",\"id\":\"1\",\"v\":1}",
            "{\"v\":1,\"id\":\"1\",\"id\":\"2\",\"run\":\"r\",\"seq\":1,\"type\":\"echo\"}"})
    void aPlainTaskReadsAsDataBindingReadsIt(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThat(streaming.readTask(bytes))
                .isEqualTo(codec.mapper().treeToValue(codec.mapper().readTree(bytes), TaskMessage.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"v\":\"1\",\"id\":\"1\",\"run\":\"r\",\"seq\":1,\"type\":\"t\"}",
            "{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"seq\":\"5\",\"type\":\"t\"}",
            "{\"v\":1,\"id\":7,\"run\":\"r\",\"seq\":1,\"type\":\"t\"}",
            "{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"seq\":1,\"type\":\"t\",\"attempt\":9999999999}",
            "{\"v\":2,\"id\":\"1\",\"run\":\"r\",\"seq\":1,\"type\":\"t\"}",
            "{\"id\":\"1\",\"run\":\"r\",\"seq\":1,\"type\":\"t\"}",
            "[1,2]",
            "\"text\""})
    void anythingElseIsLeftToDataBinding(String json) throws Exception {
        assertThat(streaming.readTask(json.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"v\":1,\"kind\":\"result\",\"id\":\"3\",\"run\":\"r\",\"seq\":3,\"type\":\"echo\",\"status\":\"SUCCEEDED\","
                    + "\"value\":{\"a\":[1,\"b\",null]},\"attempt\":1,\"worker\":\"h:1\",\"submittedAt\":1,\"startedAt\":2,"
                    + "\"finishedAt\":3}",
            "{\"v\":1,\"kind\":\"result\",\"id\":\"3\",\"run\":\"r\",\"seq\":3,\"status\":\"SUCCEEDED\",\"value\":null}",
            "{\"v\":1,\"kind\":\"result\",\"id\":\"3\",\"run\":\"r\",\"seq\":3,\"status\":\"SUCCEEDED\"}",
            "{\"v\":1,\"kind\":\"result\",\"id\":\"3\",\"run\":\"r\",\"seq\":3,\"status\":\"FAILED\","
                    + "\"error\":{\"type\":\"Boom\",\"message\":\"no\",\"extra\":[1]},\"worker\":null}",
            "{\"v\":1,\"kind\":\"result\",\"id\":\"3\",\"run\":\"r\",\"seq\":3,\"status\":\"TIMED_OUT\","
                    + "\"error\":{\"type\":\"TimedOut\"},\"later\":{\"field\":true}}",
            "{\"v\":1,\"kind\":\"result\",\"id\":\"3\",\"run\":\"r\",\"seq\":3,\"status\":\"FAILED\","
                    + "\"error\":{\"type\":\"Boom\",\"message\":\"no\",\"trace\":\"Boom: no\\n\\tat A.b(A.java:1)\"}}",
            "{\"v\":1,\"kind\":\"sealed\",\"run\":\"r\",\"count\":1000}",
            "{\"count\":5,\"run\":\"r\",\"kind\":\"sealed\",\"v\":1}"})
    void aPlainResultsRecordReadsAsDataBindingReadsIt(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonNode tree = codec.mapper().readTree(bytes);
        Class<? extends ResultsTopicMessage> kind = tree.get("kind").asText().equals("sealed")
                ? RunSealed.class : ResultMessage.class;

        assertThat(streaming.readResultsTopic(bytes)).isEqualTo(codec.mapper().treeToValue(tree, kind));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"v\":1,\"kind\":\"result\",\"id\":\"3\",\"run\":\"r\",\"seq\":3,\"status\":\"DONE\"}",
            "{\"v\":1,\"kind\":\"result\",\"id\":\"3\",\"run\":\"r\",\"seq\":\"3\",\"status\":\"SUCCEEDED\"}",
            "{\"v\":1,\"kind\":\"result\",\"id\":\"3\",\"run\":\"r\",\"seq\":3,\"status\":\"FAILED\",\"error\":\"boom\"}",
            "{\"v\":1,\"kind\":\"result\",\"id\":\"3\",\"run\":\"r\",\"seq\":3,\"status\":\"FAILED\",\"error\":{}}",
            "{\"v\":1,\"kind\":\"other\",\"run\":\"r\"}",
            "{\"v\":2,\"kind\":\"sealed\",\"run\":\"r\",\"count\":1}",
            "[1]"})
    void anyOtherResultsRecordIsLeftToDataBinding(String json) throws Exception {
        assertThat(streaming.readResultsTopic(json.getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
