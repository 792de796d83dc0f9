package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.RealKafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A collector may be the first process of a deployment to start: it creates the topics it waits on. */
@ExtendWith(RealKafkaExtension.class)
class CollectorStartIT {
    @Test
    void aCollectorStartedBeforeAnyTopicExistsCreatesThemAndWaits(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        StringWriter err = new StringWriter();

        int exit = Main.execute(new String[] {"collector", "--bootstrap-servers", kafka.bootstrapServers(),
                "--tasks-topic", topics.tasks(), "--results-topic", topics.results(),
                "--dead-letter-topic", topics.deadLetters(), "--control-topic", topics.control(),
                "--run", "first", "--timeout", "1s"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

        assertThat(exit).as(err.toString()).isEqualTo(Main.EXIT_INCOMPLETE);
        assertThat(err.toString()).contains("run first incomplete");
        try (Admin admin = new KafkaClients(kafka.settings()).admin()) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).as("the topics a collector uses, and no others")
                    .contains(topics.results(), topics.control()).doesNotContain(topics.tasks(), topics.deadLetters());
            assertThat(admin.describeTopics(Set.of(topics.results())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topics.results()).partitions()).hasSize(topics.resultPartitions());
        }
    }
}
