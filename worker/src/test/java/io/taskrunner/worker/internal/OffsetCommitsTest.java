package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.worker.WorkerMetrics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class OffsetCommitsTest {
    private static final TopicPartition P0 = new TopicPartition("tasks", 0);
    private static final TopicPartition P1 = new TopicPartition("tasks", 1);
    private final Topics topics = Topics.defaults();
    private final ProtocolCodec codec = new ProtocolCodec();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, byte[]> producer = new MockProducer<>(cluster(), true, null,
            new StringSerializer(), new ByteArraySerializer());
    private final ResultPublisher publisher = new ResultPublisher(producer, topics, codec, WorkerMetrics.inMemory());

    OffsetCommitsTest() {
        consumer.assign(List.of(P0, P1));
    }

    private Cluster cluster() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = IntStream.range(0, topics.resultPartitions())
                .mapToObj(p -> new PartitionInfo(topics.results(), p, node, new Node[] {node}, new Node[] {node}))
                .toList();
        return new Cluster("c", List.of(node), partitions, Set.of(), Set.of());
    }

    private Outcome outcome(String id, int seq) {
        TaskMessage task = TaskMessage.first(id, "run-1", seq, "echo", codec.mapper().createObjectNode(), 1L);
        return Outcome.completed(ResultMessage.of(task, TaskStatus.SUCCEEDED, null, null, "host:1", 2L, 3L));
    }

    private long committed(TopicPartition partition) {
        OffsetAndMetadata offset = consumer.committed(Set.of(partition)).get(partition);
        return offset == null ? -1 : offset.offset();
    }

    @Test
    void commitsTheLowestUnfinishedOffsetSoNoTaskStillRunningIsSkipped() {
        OffsetCommits commits = new OffsetCommits(consumer, null, publisher, WorkerMetrics.inMemory());
        for (long offset = 0; offset < 3; offset++) {
            commits.started(P0, offset);
        }
        commits.finished(P0, 0, null);
        commits.finished(P0, 2, null);
        commits.commit(true);
        assertThat(committed(P0)).isEqualTo(1);

        commits.finished(P0, 1, null);
        commits.commit(true);
        assertThat(committed(P0)).isEqualTo(3);
    }

    @Test
    void aForgottenPartitionIsNeitherTrackedNorCommitted() {
        OffsetCommits commits = new OffsetCommits(consumer, null, publisher, WorkerMetrics.inMemory());
        commits.started(P0, 0);
        commits.started(P1, 0);
        commits.forget(List.of(P1));
        commits.finished(P0, 0, null);
        commits.finished(P1, 0, null); // revoked meanwhile: its new owner runs it again

        commits.commit(true);

        assertThat(committed(P0)).isEqualTo(1);
        assertThat(committed(P1)).isEqualTo(-1);
    }

    @Test
    void exactlyOnceWritesOutcomesInOffsetOrderWithTheirOffsetOnlyOnceNothingBeforeThemRuns() {
        producer.initTransactions();
        OffsetCommits commits = new OffsetCommits(consumer, producer, publisher, WorkerMetrics.inMemory());
        assertThat(commits.exactlyOnce()).isTrue();
        commits.started(P0, 0);
        commits.started(P0, 1);
        commits.finished(P0, 1, outcome("second", 1));
        commits.commit(true);
        assertThat(producer.history()).as("waits behind the task still running").isEmpty();
        assertThat(commits.unwritten()).isEqualTo(1);

        commits.finished(P0, 0, outcome("first", 0));
        commits.commit(true);

        assertThat(producer.history()).extracting(r -> ((ResultMessage) codec.decodeResultsTopic(r.value())).id())
                .containsExactly("first", "second");
        assertThat(producer.consumerGroupOffsetsHistory()).last()
                .satisfies(offsets -> assertThat(offsets.values()).singleElement()
                        .isEqualTo(Map.of(P0, new OffsetAndMetadata(2))));
        assertThat(commits.unwritten()).isZero();
    }
}
