package io.taskrunner.client;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.RunStarts;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.ShareGroups;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.testing.TopicReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What the client's integration tests share: worker processes, configs, and the records on the topics. */
final class ClientFixtures {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final ProtocolCodec CODEC = new ProtocolCodec();

    private ClientFixtures() {
    }

    /** A worker process on the given topics, in a group of its own, once all its slots are in the group. */
    static TaskrunnerProcess worker(Path dir, KafkaCluster kafka, Topics topics, String group, int concurrency)
            throws Exception {
        TaskrunnerProcess worker = TaskrunnerProcess.start(dir, group, "worker", "--bootstrap-servers",
                kafka.bootstrapServers(), "--tasks-topic", topics.tasks(), "--results-topic", topics.results(),
                "--dead-letter-topic", topics.deadLetters(), "--control-topic", topics.control(), "--group", group,
                "--concurrency", "" + concurrency);
        try (Admin admin = new KafkaClients(kafka.settings()).admin()) {
            ShareGroups.awaitAssignedMembers(admin, group, concurrency, WAIT);
        }
        return worker;
    }

    /** A client config for the given topics, with a run of its own. */
    static TaskClientConfig config(KafkaCluster kafka, Topics topics) {
        return TaskClientConfig.of(kafka.bootstrapServers()).withTopics(topics);
    }

    /** The first {@code count} tasks on the tasks topic, as the workers would read them. */
    static List<TaskMessage> sentTasks(KafkaCluster kafka, Topics topics, int count) {
        return new TopicReader(new KafkaClients(kafka.settings())).readAtLeast(topics.tasks(), count, WAIT).stream()
                .map(record -> CODEC.decodeTask(record.value())).toList();
    }

    /** Announces that {@code run} starts now, as its first client (or producer) does, and waits for the notice. */
    static long announce(KafkaCluster kafka, Topics topics, String run) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        clients.ensureTopics(topics);
        try (Admin admin = clients.admin();
             KafkaProducer<String, byte[]> producer = clients.producer("test-announce", Map.of())) {
            RunStarts.Announced announced = RunStarts.announce(admin, producer, topics, run, CODEC, Clock.systemUTC(),
                    WAIT);
            announced.written().get();
            return announced.offset();
        }
    }

    /** Where {@code run} was announced to start on its results partition; empty when it was not. */
    static OptionalLong announcedStart(KafkaCluster kafka, Topics topics, String run) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaClients(kafka.settings()).consumer("test-find", Map.of())) {
            return RunStarts.find(consumer, topics, run, RunPartitioner.partition(run, topics.resultPartitions()), CODEC,
                    WAIT);
        }
    }

    /** Writes results to their run's partition, as a worker would have. */
    static void publish(KafkaCluster kafka, Topics topics, List<ResultMessage> results) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        clients.ensureTopics(topics);
        try (KafkaProducer<String, byte[]> producer = clients.producer("test-results", Map.of())) {
            for (ResultMessage result : results) {
                int partition = RunPartitioner.partition(result.run(), topics.resultPartitions());
                producer.send(new ProducerRecord<>(topics.results(), partition, result.run(), CODEC.encode(result)))
                        .get();
            }
        }
    }
}
