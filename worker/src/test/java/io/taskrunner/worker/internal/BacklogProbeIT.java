package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.testing.Await;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.RealKafkaExtension;
import io.taskrunner.testing.TopicReader;
import io.taskrunner.worker.HandlerRegistry;
import io.taskrunner.worker.Worker;
import io.taskrunner.worker.WorkerConfig;
import io.taskrunner.worker.WorkerMetrics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The backlog an autoscaler follows, read from a real broker's share-group state. */
@ExtendWith(RealKafkaExtension.class)
class BacklogProbeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void countsTheTasksTheWorkersGroupHasNotAcknowledgedAndZeroOnceAllAreDone(KafkaCluster kafka) throws Exception {
        KafkaClients clients = new KafkaClients(kafka.settings());
        Topics topics = kafka.freshTopics();
        clients.ensureTopics(topics);
        String group = topics.tasks() + ".workers";
        ProtocolCodec codec = new ProtocolCodec();
        try (KafkaProducer<String, byte[]> producer = clients.producer("test-submitter", Map.of())) {
            for (int seq = 0; seq < 30; seq++) {
                producer.send(new ProducerRecord<>(topics.tasks(), codec.encode(TaskMessage.first(String.valueOf(seq),
                        "r", seq, "echo", TextNode.valueOf("p"), 1)))).get();
            }
        }
        BacklogProbe probe = new BacklogProbe(clients::admin, group, topics.tasks());
        try {
            probe.run();
            assertThat(probe.backlog()).as("a group that never started has the whole topic ahead").isEqualTo(30);

            WorkerMetrics metrics = WorkerMetrics.inMemory();
            try (Worker worker = Worker.start(clients, WorkerConfig.defaults(topics).withGroupId(group).withConcurrency(2),
                    HandlerRegistry.discover(getClass().getClassLoader()), metrics)) {
                new TopicReader(clients).readAtLeast(topics.results(), 30, WAIT);
                Await.until(() -> "backlog 0, is " + probe.backlog(), WAIT, () -> {
                    probe.run();
                    return probe.backlog() == 0;
                });
                Await.until("the worker's own gauge read", WAIT,
                        () -> metrics.registry().get(WorkerMetrics.GROUP_BACKLOG).gauge().value() >= 0);
            }
        } finally {
            probe.close();
        }
    }
}
