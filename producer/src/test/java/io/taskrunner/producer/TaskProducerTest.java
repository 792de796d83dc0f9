package io.taskrunner.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.RunSealed;
import io.taskrunner.core.protocol.TaskDefaults;
import io.taskrunner.core.protocol.TaskMessage;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Unit test of the producer's bookkeeping; the real-broker path is covered by the end-to-end tests. */
class TaskProducerTest {
    private final Topics topics = Topics.defaults();
    private final ProtocolCodec codec = new ProtocolCodec();

    private MockProducer<String, byte[]> mock(boolean autoComplete) {
        Node node = new Node(0, "h", 1);
        List<PartitionInfo> partitions = List.of(0, 1, 2).stream()
                .map(p -> new PartitionInfo(topics.results(), p, node, null, null)).toList();
        Cluster cluster = new Cluster("c", List.of(node), partitions, java.util.Set.of(), java.util.Set.of());
        return new MockProducer<>(cluster, autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void numbersTasksInSubmissionOrderAndSealsWithTheCount() {
        MockProducer<String, byte[]> mock = mock(true);
        try (TaskProducer producer = new TaskProducer(mock, topics, "r1", codec, Clock.systemUTC())) {
            assertThat(producer.submit(TaskSpec.of("echo", NullNode.getInstance()))).isEqualTo("0");
            assertThat(producer.submit(new TaskSpec("custom", "echo", null))).isEqualTo("custom");
            assertThat(producer.submit(TaskSpec.of("echo", null))).isEqualTo("2");
            producer.seal();
        }
        List<ProducerRecord<String, byte[]>> sent = mock.history();
        assertThat(sent).hasSize(4);
        assertThat(sent.subList(0, 3)).extracting(r -> codec.decodeTask(r.value())).extracting(TaskMessage::seq)
                .containsExactly(0L, 1L, 2L);
        assertThat(codec.decodeResultsTopic(sent.get(3).value())).isEqualTo(RunSealed.of("r1", 3));
        assertThat(sent.get(3).key()).isEqualTo("r1");
        assertThat(codec.decodeTask(sent.get(0).value()).maxAttempts()).isEqualTo(TaskDefaults.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void countsSubmittedTasksByType() {
        ProducerMetrics metrics = ProducerMetrics.inMemory();
        try (TaskProducer producer = new TaskProducer(mock(true), topics, "r5", codec, Clock.systemUTC(),
                TaskDefaults.standard(), metrics)) {
            producer.submit(TaskSpec.of("echo", null));
            producer.submit(TaskSpec.of("echo", null));
            producer.submit(TaskSpec.of("sleep", null));
        }
        assertThat(metrics.registry().get(ProducerMetrics.TASKS_SUBMITTED).tag("type", "echo").counter().count())
                .isEqualTo(2);
    }

    @Test
    void aSpecsAttemptsAndTimeLimitWinOverTheDefaults() {
        MockProducer<String, byte[]> mock = mock(true);
        try (TaskProducer producer = new TaskProducer(mock, topics, "r4", codec, Clock.systemUTC(),
                new TaskDefaults(2, java.time.Duration.ofSeconds(9)), ProducerMetrics.inMemory())) {
            producer.submit(TaskSpec.of("echo", null));
            producer.submit(new TaskSpec(null, "echo", null, 7, 500));
        }
        TaskMessage defaulted = codec.decodeTask(mock.history().get(0).value());
        TaskMessage explicit = codec.decodeTask(mock.history().get(1).value());
        assertThat(defaulted.maxAttempts()).isEqualTo(2);
        assertThat(defaulted.timeoutMs()).isEqualTo(9000);
        assertThat(explicit.maxAttempts()).isEqualTo(7);
        assertThat(explicit.timeoutMs()).isEqualTo(500);
    }

    @Test
    void refusesToSealARunWithATaskThatWasNotWritten() {
        MockProducer<String, byte[]> mock = mock(false);
        TaskProducer producer = new TaskProducer(mock, topics, "r2", codec, Clock.systemUTC());
        producer.submit(TaskSpec.of("echo", null));
        producer.submit(TaskSpec.of("echo", null));
        mock.completeNext();
        mock.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));

        assertThatThrownBy(producer::seal).hasMessageContaining("1 of 2 tasks of run r2 could not be written")
                .hasMessageContaining("not sealed");
        assertThat(mock.history()).hasSize(2);
    }

    @Test
    void rejectsADuplicateIdAndABadRunId() {
        try (TaskProducer producer = new TaskProducer(mock(true), topics, "r3", codec, Clock.systemUTC())) {
            producer.submit(new TaskSpec("a", "echo", null));
            assertThatThrownBy(() -> producer.submit(new TaskSpec("a", "echo", null)))
                    .hasMessageContaining("task id 'a' is used twice");
        }
        assertThatThrownBy(() -> new TaskProducer(mock(true), topics, "bad run", codec, Clock.systemUTC()))
                .hasMessageContaining("--run 'bad run' is not a valid run id");
    }

}
