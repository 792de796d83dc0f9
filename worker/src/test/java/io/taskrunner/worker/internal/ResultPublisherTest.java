package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.worker.WorkerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The callback contract of {@link ResultPublisher#sendThen}: done only when the broker acknowledged every record. */
class ResultPublisherTest {
    private final Topics topics = Topics.defaults();
    private final ProtocolCodec codec = new ProtocolCodec();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockProducer<String, byte[]> producer = new MockProducer<>(cluster(), false, null,
            new StringSerializer(), new ByteArraySerializer());
    private final ResultPublisher publisher = new ResultPublisher(producer, topics, codec, new WorkerMetrics(registry));
    private final List<Optional<ResultPublisher.PublishException>> done = new ArrayList<>();

    private Cluster cluster() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = IntStream.range(0, topics.resultPartitions())
                .mapToObj(p -> new PartitionInfo(topics.results(), p, node, new Node[] {node}, new Node[] {node}))
                .toList();
        return new Cluster("c", List.of(node), partitions, java.util.Set.of(), java.util.Set.of());
    }

    private ResultMessage result() {
        TaskMessage task = TaskMessage.first("t1", "run-1", 0, "echo", codec.mapper().createObjectNode(), 1L);
        return ResultMessage.of(task, TaskStatus.SUCCEEDED, null, null, "host:1", 2L, 3L);
    }

    private double completed() {
        return registry.find(WorkerMetrics.TASKS_COMPLETED).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void reportsDoneOnlyOnceTheBrokerAcknowledgedTheResult() {
        publisher.sendThen(Outcome.completed(result()), failure -> done.add(Optional.ofNullable(failure)));
        assertThat(done).isEmpty();
        assertThat(completed()).isZero();

        producer.completeNext();

        assertThat(done).containsExactly(Optional.empty());
        assertThat(completed()).isEqualTo(1);
        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo(topics.results());
            assertThat(record.key()).isEqualTo("run-1");
        });
    }

    @Test
    void aDeadLetterAndResultAreDoneWhenBothAreAcknowledgedAndFailWithTheFirstError() {
        ConsumerRecord<String, byte[]> original = new ConsumerRecord<>(topics.tasks(), 0, 7, "k", new byte[] {1});
        Outcome rejected = Outcome.rejected(Optional.of(result()), new DeadLetter(original, "unknown-type", "no handler"));
        publisher.sendThen(rejected, failure -> done.add(Optional.ofNullable(failure)));

        producer.completeNext();
        assertThat(done).isEmpty();
        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));

        assertThat(done).singleElement().satisfies(failure ->
                assertThat(failure).get().extracting(Throwable::getMessage).asString().contains("broker gone"));
        assertThat(completed()).as("nothing counted as written").isZero();
    }
}
