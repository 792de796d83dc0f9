package io.taskrunner.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class RunPartitionerTest {
    @Test
    void agreesWithKafkasDefaultPartitionerForKeyedRecords() {
        for (String run : new String[] {"a", "demo-16", "run-42", "ünïcode"}) {
            for (int partitions = 1; partitions <= 12; partitions++) {
                assertThat(RunPartitioner.partition(run, partitions)).isEqualTo(
                        BuiltInPartitioner.partitionForKey(run.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void rejectsAPartitionCountBelowOne() {
        assertThatThrownBy(() -> RunPartitioner.partition("r", 0)).hasMessageContaining("partition count");
    }
}
