package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.worker.HandlerRegistry;
import io.taskrunner.worker.handlers.EchoHandler;
import io.taskrunner.worker.handlers.FailHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskProcessorTest {
    private final ProtocolCodec codec = new ProtocolCodec();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final TaskProcessor processor = new TaskProcessor(codec,
            HandlerRegistry.of(new EchoHandler(), new FailHandler()), pool, "host:1", Clock.systemUTC());

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>("tasks", 0, 42, "k", value);
    }

    private ConsumerRecord<String, byte[]> task(String type, String payloadJson) throws Exception {
        return record(codec.encode(TaskMessage.first("t1", "r", 3, type, codec.mapper().readTree(payloadJson), 100)));
    }

    @Test
    void aHandlersValueBecomesASucceededResult() throws Exception {
        Outcome outcome = processor.process(task("echo", "{\"a\":1}"));

        ResultMessage result = outcome.result().orElseThrow();
        assertThat(result.status()).isEqualTo(TaskStatus.SUCCEEDED);
        assertThat(result.value().get("a").asInt()).isEqualTo(1);
        assertThat(result.seq()).isEqualTo(3);
        assertThat(result.worker()).isEqualTo("host:1");
        assertThat(result.startedAt()).isLessThanOrEqualTo(result.finishedAt());
        assertThat(outcome.deadLetter()).isEmpty();
        assertThat(outcome.acknowledgement()).isEqualTo(AcknowledgeType.ACCEPT);
    }

    @Test
    void aHandlersExceptionBecomesAFailedResultWithTypeAndMessage() throws Exception {
        Outcome outcome = processor.process(task("fail", "{\"message\":\"disk full\"}"));

        ResultMessage result = outcome.result().orElseThrow();
        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.error().type()).isEqualTo("RequestedFailure");
        assertThat(result.error().message()).isEqualTo("disk full");
        assertThat(outcome.acknowledgement()).isEqualTo(AcknowledgeType.ACCEPT);
    }

    @Test
    void anUnknownTypeIsRejectedNamingTheKnownTypesAndDeadLettered() throws Exception {
        Outcome outcome = processor.process(task("resize-image", "{}"));

        ResultMessage result = outcome.result().orElseThrow();
        assertThat(result.status()).isEqualTo(TaskStatus.REJECTED);
        assertThat(result.error().type()).isEqualTo("UnknownTaskType");
        assertThat(result.error().message()).contains("'resize-image'").contains("echo, fail");
        assertThat(outcome.deadLetter()).hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo("unknown-type"));
        assertThat(outcome.acknowledgement()).isEqualTo(AcknowledgeType.REJECT);
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAndAnsweredWhenItsIdCanBeRead() throws Exception {
        Outcome garbage = processor.process(record("not json".getBytes(StandardCharsets.UTF_8)));
        assertThat(garbage.result()).isEmpty();
        assertThat(garbage.deadLetter()).hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo("undecodable"));
        assertThat(garbage.acknowledgement()).isEqualTo(AcknowledgeType.REJECT);

        Outcome future = processor.process(record(
                "{\"v\":2,\"id\":\"x\",\"run\":\"r\",\"seq\":5,\"type\":\"echo\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(future.deadLetter()).hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo("unsupported-version"));
        assertThat(future.result()).hasValueSatisfying(r -> {
            assertThat(r.id()).isEqualTo("x");
            assertThat(r.seq()).isEqualTo(5);
            assertThat(r.status()).isEqualTo(TaskStatus.REJECTED);
            assertThat(r.error().message()).contains("unsupported protocol version 2");
        });
    }

    @Test
    void aValueThatCannotBeWrittenAsJsonFailsTheTask() throws Exception {
        TaskProcessor withBadHandler = new TaskProcessor(codec, HandlerRegistry.of(new io.taskrunner.worker.TaskHandler() {
            @Override
            public String type() {
                return "bad";
            }

            @Override
            public Object handle(io.taskrunner.worker.TaskContext context, com.fasterxml.jackson.databind.JsonNode p) {
                return new Object();
            }
        }), pool, "host:1", Clock.systemUTC());

        ResultMessage result = withBadHandler.process(task("bad", "{}")).result().orElseThrow();

        assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(result.error().type()).isEqualTo("UnserializableResult");
    }
}
