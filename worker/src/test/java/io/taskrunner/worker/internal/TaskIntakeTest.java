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
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TaskIntakeTest {
    private final ProtocolCodec codec = new ProtocolCodec();
    private final CancelledTasks cancelled = new CancelledTasks();
    private final TaskIntake intake = new TaskIntake(codec, HandlerRegistry.of(new EchoHandler(), new FailHandler()),
            "host:1", Clock.systemUTC(), 200, 3, cancelled);

    private static ConsumerRecord<String, byte[]> record(byte[] value, int deliveryCount) {
        return new ConsumerRecord<>("tasks", 0, 42, 0L, TimestampType.CREATE_TIME, 0, value.length, "k", value,
                new RecordHeaders(), Optional.empty(), Optional.of((short) deliveryCount));
    }

    private ConsumerRecord<String, byte[]> task(String type, String payloadJson, int deliveryCount) throws Exception {
        return record(codec.encode(TaskMessage.first("t1", "r", 3, type, codec.mapper().readTree(payloadJson), 100)),
                deliveryCount);
    }

    private static Outcome refused(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Refuse.class);
        return ((Admission.Refuse) admission).outcome();
    }

    @Test
    void aValidTaskWithAHandlerIsRun() throws Exception {
        Admission admission = intake.admit(task("echo", "{}", 1));

        assertThat(admission).isInstanceOfSatisfying(Admission.Run.class, run -> {
            assertThat(run.task().id()).isEqualTo("t1");
            assertThat(run.handler()).isInstanceOf(EchoHandler.class);
        });
    }

    @Test
    void anUnknownTypeIsRejectedNamingTheKnownTypesAndDeadLettered() throws Exception {
        Outcome outcome = refused(intake.admit(task("resize-image", "{}", 1)));

        ResultMessage result = outcome.result().orElseThrow();
        assertThat(result.status()).isEqualTo(TaskStatus.REJECTED);
        assertThat(result.error().type()).isEqualTo("UnknownTaskType");
        assertThat(result.error().message()).contains("'resize-image'").contains("echo, fail");
        assertThat(outcome.deadLetter()).hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo("unknown-type"));
        assertThat(outcome.acknowledgement()).isEqualTo(AcknowledgeType.REJECT);
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAndAnsweredWhenItsIdCanBeRead() {
        Outcome garbage = refused(intake.admit(record("not json".getBytes(StandardCharsets.UTF_8), 1)));
        assertThat(garbage.result()).isEmpty();
        assertThat(garbage.deadLetter()).hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo("undecodable"));
        assertThat(garbage.acknowledgement()).isEqualTo(AcknowledgeType.REJECT);

        Outcome future = refused(intake.admit(record(
                "{\"v\":2,\"id\":\"x\",\"run\":\"r\",\"seq\":5,\"type\":\"echo\"}".getBytes(StandardCharsets.UTF_8), 1)));
        assertThat(future.deadLetter()).hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo("unsupported-version"));
        assertThat(future.result()).hasValueSatisfying(r -> {
            assertThat(r.id()).isEqualTo("x");
            assertThat(r.seq()).isEqualTo(5);
            assertThat(r.status()).isEqualTo(TaskStatus.REJECTED);
            assertThat(r.error().message()).contains("unsupported protocol version 2");
        });
    }

    /**
     * Results are filed by sequence number: a made-up one would be taken for another task's result, and one
     * past {@code TaskMessage.SEQ_LIMIT} would stop the run's collector.
     */
    @Test
    void anUndecodableRecordWithoutASequenceNumberIsDeadLetteredOnly() {
        Map<String, String> reasons = Map.of(
                "{\"v\":2,\"id\":\"x\",\"run\":\"r\",\"type\":\"echo\"}", "unsupported-version",
                "{\"v\":2,\"id\":\"x\",\"run\":\"r\",\"seq\":\"first\",\"type\":\"echo\"}", "unsupported-version",
                "{\"v\":2,\"id\":\"x\",\"run\":\"r\",\"seq\":-3,\"type\":\"echo\"}", "unsupported-version",
                "{\"v\":1,\"id\":\"x\",\"run\":\"r\",\"seq\":4294967296,\"type\":\"echo\",\"payload\":{},"
                        + "\"submittedAt\":1}", "undecodable",
                "{\"v\":1,\"id\":\"x\",\"run\":\"r\",\"type\":\"echo\"}", "undecodable",
                "{\"v\":1,\"id\":\"x\",\"run\":\"r\",\"seq\":null,\"type\":\"echo\"}", "undecodable",
                "{\"v\":1,\"id\":\"x\",\"run\":\"r\",\"seq\":18446744073709551616,\"type\":\"echo\"}", "undecodable",
                "{\"v\":1,\"id\":\"x\",\"run\":\"r\",\"seq\":true,\"type\":\"echo\"}", "undecodable",
                "{\"v\":1,\"id\":\"\",\"run\":\"r\",\"seq\":1,\"type\":\"echo\"}", "undecodable");
        reasons.forEach((value, reason) -> {
            Outcome outcome = refused(intake.admit(record(value.getBytes(StandardCharsets.UTF_8), 1)));
            assertThat(outcome.result()).as(value).isEmpty();
            assertThat(outcome.deadLetter()).as(value)
                    .hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo(reason));
            assertThat(outcome.acknowledgement()).isEqualTo(AcknowledgeType.REJECT);
        });
    }

    @Test
    void aCancelledTaskIsAnsweredCancelledWithoutADeadLetter() throws Exception {
        cancelled.add(io.taskrunner.core.protocol.Cancellation.of("r", "t1", 1L));

        Outcome outcome = refused(intake.admit(task("echo", "{}", 1)));

        assertThat(outcome.result()).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(TaskStatus.CANCELLED);
            assertThat(r.error().message()).isEqualTo("cancelled before it started");
        });
        assertThat(outcome.deadLetter()).isEmpty();
        assertThat(outcome.acknowledgement()).isEqualTo(AcknowledgeType.ACCEPT);
    }

    @Test
    void aCancelledRunCoversEveryTaskOfThatRunOnly() {
        CancelledTasks registry = new CancelledTasks();
        registry.add(io.taskrunner.core.protocol.Cancellation.of("gone", null, 1L));

        assertThat(registry.isCancelled("gone", "any")).isTrue();
        assertThat(registry.isCancelled("kept", "any")).isFalse();
    }

    @Test
    void aRecordOverThePayloadLimitIsNotRun() throws Exception {
        String big = "{\"blob\":\"" + "x".repeat(300) + "\"}";

        Outcome outcome = refused(intake.admit(task("echo", big, 1)));

        assertThat(outcome.deadLetter()).hasValueSatisfying(d -> {
            assertThat(d.reason()).isEqualTo("oversize");
            assertThat(d.detail()).contains("--max-payload-bytes");
        });
        assertThat(outcome.result()).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(TaskStatus.REJECTED));
    }

    @Test
    void aRecordAtTheDeliveryLimitIsDeadLetteredInsteadOfRunAgain() throws Exception {
        assertThat(intake.admit(task("echo", "{}", 2))).isInstanceOf(Admission.Run.class);

        Outcome outcome = refused(intake.admit(task("echo", "{}", 3)));

        assertThat(outcome.deadLetter()).hasValueSatisfying(d -> {
            assertThat(d.reason()).isEqualTo("delivery-limit");
            assertThat(d.detail()).contains("delivered 3 times");
        });
        assertThat(outcome.result()).hasValueSatisfying(r -> {
            assertThat(r.id()).isEqualTo("t1");
            assertThat(r.error().type()).isEqualTo("DeliveryLimitReached");
        });
    }

    @Test
    void aTaskPutBackAfterItsWorkerDiedCountsTheDeliveriesItHadBefore() throws Exception {
        ConsumerRecord<String, byte[]> putBack = task("echo", "{}", 1);
        putBack.headers().add(LongTaskLane.HEADER_PRIOR_DELIVERIES, "2".getBytes());
        ConsumerRecord<String, byte[]> unreadable = task("echo", "{}", 1);
        unreadable.headers().add(LongTaskLane.HEADER_PRIOR_DELIVERIES, "two".getBytes());

        // 2 before + this one = 3, the limit here.
        assertThat(refused(intake.admit(putBack)).deadLetter()).hasValueSatisfying(d ->
                assertThat(d.detail()).contains("delivered 3 times"));
        assertThat(intake.admit(unreadable)).isInstanceOf(Admission.Run.class);
    }
}
