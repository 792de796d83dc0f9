package io.taskrunner.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    private JsonNode json(String text) throws Exception {
        return codec.mapper().readTree(text);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void taskRoundTrips() throws Exception {
        TaskMessage task = new TaskMessage(1, "7", "run-1", 7, "sleep", json("{\"ms\":1000}"), 123L, 2, 3, 5000);

        TaskMessage decoded = codec.decodeTask(codec.encode(task));

        assertThat(decoded).isEqualTo(task);
    }

    @Test
    void resultAndSealRoundTripThroughTheResultsTopicDecoder() throws Exception {
        TaskMessage task = TaskMessage.first("a", "r", 0, "echo", json("[1,2]"), 10L);
        ResultMessage ok = ResultMessage.of(task, TaskStatus.SUCCEEDED, TextNode.valueOf("x"), null, "h:1", 11L, 12L);
        ResultMessage failed = ResultMessage.of(task, TaskStatus.FAILED, null, new TaskError("Boom", "bad"), "h:1", 11, 12);
        RunSealed sealed = RunSealed.of("r", 5);

        assertThat(codec.decodeResultsTopic(codec.encode(ok))).isEqualTo(ok);
        assertThat(codec.decodeResultsTopic(codec.encode(failed))).isEqualTo(failed);
        assertThat(codec.decodeResultsTopic(codec.encode(sealed))).isEqualTo(sealed);
    }

    @Test
    void aTraceIsCarriedCutToItsLimit() {
        TaskError error = new TaskError("Boom", "bad", "x".repeat(TaskError.MAX_TRACE_CHARS + 500));
        ResultMessage failed = ResultMessage.of(TaskMessage.first("a", "r", 0, "echo", TextNode.valueOf("p"), 10L), TaskStatus.FAILED,
                null, error, "h:1", 11, 12);

        assertThat(error.trace()).startsWith("x".repeat(TaskError.MAX_TRACE_CHARS)).endsWith("(cut at 4000 characters)");
        assertThat(codec.decodeResultsTopic(codec.encode(failed)).toString()).isEqualTo(failed.toString());
        assertThat(TaskError.of(new IllegalStateException("no")).trace())
                .startsWith("java.lang.IllegalStateException: no").contains("aTraceIsCarriedCutToItsLimit");
    }

    @Test
    void aWorkersStatusRoundTripsAndListsAtMostItsCapOfRunningTasks() {
        List<WorkerStatus.RunningTask> running = new java.util.ArrayList<>();
        for (int i = 0; i < WorkerStatus.MAX_LISTED + 5; i++) {
            running.add(new WorkerStatus.RunningTask(String.valueOf(i), "r", "sleep", 1, 100 + i));
        }
        WorkerStatus status = WorkerStatus.of("h:1", "g", 8, running, 40, 2, 5, 600, 2000, false);

        assertThat(status.running()).hasSize(WorkerStatus.MAX_LISTED);
        assertThat(codec.decodeWorkerStatus(codec.encode(status))).isEqualTo(status);
        assertThat(WorkerStatus.of("h:1", "g", 8, List.of(), 0, 0, 5, 600, 2000, true).state())
                .isEqualTo(WorkerStatus.STOPPED);
        assertThatThrownBy(() -> codec.decodeWorkerStatus(codec.encode(RunSealed.of("r", 1))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown workers-topic record kind");
    }

    @Test
    void cancellationsRoundTripAndSayWhatTheyCover() {
        Cancellation one = Cancellation.of("r", "7", 5L);
        Cancellation all = Cancellation.of("r", null, 5L);

        assertThat(codec.decodeCancellation(codec.encode(one))).isEqualTo(one);
        assertThat(codec.decodeCancellation(codec.encode(all))).isEqualTo(all);
        assertThat(one.covers("r", "7")).isTrue();
        assertThat(one.covers("r", "8")).isFalse();
        assertThat(all.covers("r", "8")).isTrue();
        assertThat(all.covers("other", "8")).isFalse();
    }

    @Test
    void runStartsRoundTripThroughTheControlDecoderAndRejectANegativeOffset() {
        RunStarted started = RunStarted.of("r", 3, 1200L, 5L);

        assertThat(codec.decodeControl(codec.encode(started))).isEqualTo(started);
        assertThatThrownBy(() -> codec.decodeControl(
                "{\"v\":1,\"kind\":\"run-started\",\"run\":\"r\",\"partition\":0,\"offset\":-1,\"startedAt\":5}"
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("offset must be >= 0");
    }

    @Test
    void unknownFieldsAreIgnored() {
        TaskMessage task = codec.decodeTask(bytes(
                "{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"seq\":1,\"type\":\"echo\",\"payload\":{},\"future\":true}"));

        assertThat(task.id()).isEqualTo("1");
        assertThat(task.attempt()).isEqualTo(1);
    }

    @Test
    void aTaskDecodesAlikeWhetherReadInOnePassOrAsATree() {
        TaskMessage task = new TaskMessage(1, "7", "r", 7, "echo",
                codec.mapper().valueToTree(java.util.Map.of("nested", java.util.List.of(1, "two", 3.5))), 42, 2, 3, 500);
        assertThat(codec.decodeTask(codec.encode(task))).isEqualTo(task);
        // A quoted number is coerced (the tree path's leniency); a quoted version is still no version.
        assertThat(codec.decodeTask(bytes("{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"seq\":\"5\",\"type\":\"t\"}")).seq())
                .isEqualTo(5);
        assertThatThrownBy(() -> codec.decodeTask(bytes("{\"v\":\"1\",\"id\":\"1\",\"run\":\"r\",\"seq\":1,\"type\":\"t\"}")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'v'");
        assertThatThrownBy(() -> codec.decodeTask(bytes("{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"seq\":-1,\"type\":\"t\"}")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("seq must be >= 0");
        // past what a collector can track
        assertThatThrownBy(() -> codec.decodeTask(bytes("{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"seq\":2147483647,"
                + "\"type\":\"t\"}"))).isInstanceOf(ProtocolException.class).hasMessageContaining("< 2147483647");
        assertThat(codec.decodeTask(bytes("{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"seq\":2147483646,\"type\":\"t\"}"))
                .seq()).isEqualTo(2147483646L);
    }

    @Test
    void anotherMajorVersionIsRejectedByName() {
        assertThatThrownBy(() -> codec.decodeTask(bytes("{\"v\":2,\"id\":\"1\",\"run\":\"r\",\"seq\":1,\"type\":\"t\"}")))
                .isInstanceOf(ProtocolCodec.UnsupportedVersionException.class)
                .hasMessageContaining("unsupported protocol version 2");
    }

    @Test
    void missingVersionMalformedJsonAndMissingFieldsAreProtocolErrors() {
        assertThatThrownBy(() -> codec.decodeTask(bytes("{\"id\":\"1\"}")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'v'");
        assertThatThrownBy(() -> codec.decodeTask(bytes("{not json")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> codec.decodeTask(bytes("{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"seq\":0}")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'type'");
        assertThatThrownBy(() -> codec.decodeTask(new byte[0]))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> codec.decodeResultsTopic(bytes("{\"v\":1,\"kind\":\"other\",\"run\":\"r\"}")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("kind 'other'");
    }

    @Test
    void aResultWithoutAUsableSeqIsInvalidWhicheverWayItIsRead() {
        String head = "{\"v\":1,\"kind\":\"result\",\"id\":\"1\",\"run\":\"r\",\"status\":\"SUCCEEDED\"";
        // each refused whether read in one pass or, failing that, as a tree; Jackson alone would bind "" as 0
        for (String seq : new String[] {"", ",\"seq\":null", ",\"seq\":1.5", ",\"seq\":-1", ",\"seq\":2147483647",
                ",\"seq\":\"2147483647\"", ",\"seq\":true", ",\"seq\":\"\"", ",\"seq\":\"  \"",
                ",\"seq\":\"null\"", ",\"seq\":\"-1\"", ",\"seq\":\"1.5\"", ",\"seq\":\"x\""}) {
            assertThatThrownBy(() -> codec.decodeResultsTopic(bytes(head + seq + "}")))
                    .as(seq).isInstanceOf(ProtocolException.class).hasMessageContaining("seq");
            assertThatThrownBy(() -> codec.decodeTask(bytes(
                    "{\"v\":1,\"id\":\"1\",\"run\":\"r\",\"type\":\"t\"" + seq + "}")))
                    .as("task " + seq).isInstanceOf(ProtocolException.class).hasMessageContaining("seq");
        }
        assertThatThrownBy(() -> codec.decodeResultsTopic(bytes(head + ",\"seq\":18446744073709551616}")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("out of range");
        assertThat(((ResultMessage) codec.decodeResultsTopic(bytes(head + ",\"seq\":2147483646}"))).seq())
                .isEqualTo(2147483646L);
        assertThat(((ResultMessage) codec.decodeResultsTopic(bytes(head + ",\"seq\":\"3\"}"))).seq()).isEqualTo(3);
    }

    @Test
    void aFailedResultWithoutAnErrorIsInvalid() {
        assertThatThrownBy(() -> codec.decodeResultsTopic(bytes(
                "{\"v\":1,\"kind\":\"result\",\"id\":\"1\",\"run\":\"r\",\"seq\":0,\"status\":\"FAILED\"}")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("needs an 'error'");
    }

    @Test
    void identityCanBeReadFromATaskThatDoesNotDecode() {
        byte[] badVersion = bytes("{\"v\":9,\"id\":\"x\",\"run\":\"r\",\"seq\":4,\"type\":\"t\"}");

        assertThat(codec.peekIdentity(badVersion)).hasValueSatisfying(identity -> {
            assertThat(identity.id()).isEqualTo("x");
            assertThat(identity.run()).isEqualTo("r");
            assertThat(identity.seq()).isEqualTo(4);
        });
        assertThat(codec.peekIdentity(bytes("garbage"))).isEmpty();
        assertThat(codec.peekIdentity(bytes("{\"id\":\"x\"}"))).isEmpty();
    }
}
