package io.taskrunner.collector;

import static io.taskrunner.collector.ResultFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.RunStarts;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.kafka.TopicSetup;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.ResultsTopicMessage;
import io.taskrunner.core.protocol.RunSealed;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.RealKafkaExtension;
import io.taskrunner.testing.ResultGuarantees;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealKafkaExtension.class)
class ResultCollectorIT {
    private final ProtocolCodec codec = new ProtocolCodec();

    private Topics setUp(KafkaCluster kafka) {
        Topics topics = kafka.freshTopics();
        KafkaClients clients = new KafkaClients(kafka.settings());
        try (Admin admin = clients.admin()) {
            new TopicSetup(admin, clients.settings()).ensureTopics(topics);
        }
        return topics;
    }

    /** Writes records to the run's partition exactly as workers and producers do. */
    private void publish(KafkaCluster kafka, Topics topics, List<ResultsTopicMessage> messages) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaClients(kafka.settings()).producer("test", Map.of())) {
            for (ResultsTopicMessage message : messages) {
                int partition = RunPartitioner.partition(message.run(), topics.resultPartitions());
                producer.send(new ProducerRecord<>(topics.results(), partition, message.run(), codec.encode(message))).get();
            }
            int otherRunPartition = RunPartitioner.partition("other", topics.resultPartitions());
            producer.send(new ProducerRecord<>(topics.results(), otherRunPartition, "other",
                    codec.encode(ok("other", 0)))).get();
        }
    }

    private final CollectorMetrics metrics = CollectorMetrics.inMemory();

    private CollectionSummary collect(KafkaCluster kafka, CollectorConfig config, List<ResultMessage> into) {
        KafkaClients clients = new KafkaClients(kafka.settings());
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("c", Map.of());
             KafkaConsumer<String, byte[]> fetcher = clients.consumer("f", Map.of())) {
            return new ResultCollector(consumer, fetcher, config, codec, Clock.systemUTC(), metrics).collect(into::add);
        }
    }

    @Test
    void completionOrderIsPublicationOrderWithDuplicatesDropped(KafkaCluster kafka) throws Exception {
        Topics topics = setUp(kafka);
        publish(kafka, topics, List.of(ok("r1", 2), ok("r1", 0), RunSealed.of("r1", 3), ok("r1", 0), ok("r1", 1)));

        List<ResultMessage> out = new ArrayList<>();
        CollectionSummary summary = collect(kafka, CollectorConfig.of(topics, "r1", ResultOrder.COMPLETION), out);

        assertThat(summary.complete()).isTrue();
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(metrics.registry().get(CollectorMetrics.RESULTS_DUPLICATES).counter().count()).isEqualTo(1);
        assertThat(metrics.registry().get(CollectorMetrics.RESULTS_RECEIVED).tag("status", "SUCCEEDED").counter()
                .count()).isEqualTo(3);
        assertThat(metrics.registry().get(CollectorMetrics.RUN_REMAINING).tag("run", "r1").gauge().value()).isZero();
        assertThat(out).extracting(ResultMessage::seq).containsExactly(2L, 0L, 1L);
        ResultGuarantees.assertEachAnsweredOnce(List.of("0", "1", "2"), out);
    }

    @Test
    void aRunIsReadFromWhereItsStartWasAnnounced(KafkaCluster kafka) throws Exception {
        Topics topics = setUp(kafka);
        // An earlier run that used the same id, then the run's start announced as a producer announces it.
        publish(kafka, topics, List.of(ok("r5", 0), ok("r5", 1)));
        KafkaClients clients = new KafkaClients(kafka.settings());
        try (Admin admin = clients.admin();
             KafkaProducer<String, byte[]> producer = clients.producer("announce", Map.of())) {
            RunStarts.announce(admin, producer, topics, "r5", codec, Clock.systemUTC(), Duration.ofSeconds(30)).written().get();
            RunStarts.announce(admin, producer, topics, "other", codec, Clock.systemUTC(), Duration.ofSeconds(30)).written().get();
        }
        ResultMessage fresh = new ResultMessage(ProtocolCodec.VERSION, ResultMessage.KIND, "0", "r5", 0, "sleep",
                TaskStatus.SUCCEEDED, TextNode.valueOf("fresh"), null, 1, "h:1", 1, 2, 3);
        publish(kafka, topics, List.of(fresh, RunSealed.of("r5", 1)));

        List<ResultMessage> out = new ArrayList<>();
        CollectionSummary summary = collect(kafka, CollectorConfig.of(topics, "r5", ResultOrder.COMPLETION), out);

        assertThat(summary.complete()).isTrue();
        assertThat(summary.duplicates()).isZero(); // the earlier run's records were not read at all
        assertThat(out).extracting(r -> r.value().asText()).containsExactly("fresh");
    }

    @Test
    void submissionOrderEmitsZeroToNMinusOne(KafkaCluster kafka) throws Exception {
        Topics topics = setUp(kafka);
        publish(kafka, topics, List.of(ok("r2", 3), ok("r2", 1), ok("r2", 2), ok("r2", 0), RunSealed.of("r2", 4)));

        List<ResultMessage> out = new ArrayList<>();
        CollectionSummary summary = collect(kafka, CollectorConfig.of(topics, "r2", ResultOrder.SUBMISSION), out);

        assertThat(summary.complete()).isTrue();
        ResultGuarantees.assertSubmissionOrder(out);
        assertThat(out).hasSize(4);
    }

    @Test
    void timeoutEndsAnIncompleteRunAndNamesWhatIsMissing(KafkaCluster kafka) throws Exception {
        Topics topics = setUp(kafka);
        publish(kafka, topics, List.of(RunSealed.of("r3", 4), ok("r3", 0), ok("r3", 2)));

        List<ResultMessage> out = new ArrayList<>();
        CollectionSummary summary = collect(kafka, CollectorConfig.of(topics, "r3", ResultOrder.SUBMISSION)
                .withTimeout(Duration.ofSeconds(3)), out);

        assertThat(summary.complete()).isFalse();
        assertThat(summary.missingSeqs()).containsExactly(1L, 3L);
        assertThat(out).extracting(ResultMessage::seq).containsExactly(0L);
        assertThat(summary.outcome("r3")).contains("2 of 4 results").contains("missing seq [1, 3]")
                .contains("1 held back");
        assertThat(metrics.registry().get(CollectorMetrics.REORDER_BUFFERED).gauge().value()).isEqualTo(1);
        assertThat(metrics.registry().get(CollectorMetrics.RUN_REMAINING).tag("run", "r3").gauge().value()).isEqualTo(2);
    }

    @Test
    void anUndecodableRecordOnTheResultsTopicIsSkipped(KafkaCluster kafka) throws Exception {
        Topics topics = setUp(kafka);
        try (KafkaProducer<String, byte[]> producer = new KafkaClients(kafka.settings()).producer("bad", Map.of())) {
            producer.send(new ProducerRecord<>(topics.results(), RunPartitioner.partition("r4", topics.resultPartitions()),
                    "r4", "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }
        publish(kafka, topics, List.of(ok("r4", 0), RunSealed.of("r4", 1)));

        List<ResultMessage> out = new ArrayList<>();
        assertThat(collect(kafka, CollectorConfig.of(topics, "r4", ResultOrder.COMPLETION), out).complete()).isTrue();
        assertThat(out).hasSize(1);
    }
}
