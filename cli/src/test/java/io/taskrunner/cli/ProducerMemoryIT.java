package io.taskrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.testing.TaskrunnerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer's memory does not grow with the run: a million tasks go through a heap of 96 MB, a third of
 * what remembering every task id took before (the send buffer alone is 32 MB).
 */
class ProducerMemoryIT {
    private static final int TASKS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void aMillionTasksFitInAHeapThatCouldNotHoldTheirIds() throws Exception {
        try (LocalDeployment deployment = new LocalDeployment(dir)) {
            TaskrunnerProcess producer = TaskrunnerProcess.startWithHeap(dir, "producer", "96m", "producer",
                    "--bootstrap-servers", deployment.bootstrap(), "--run", "big", "--count", String.valueOf(TASKS),
                    "--type", "echo", "--payload", "{\"n\": 1}");

            assertThat(producer.awaitExit(Duration.ofMinutes(5))).as(producer.stderr()).isZero();
            TopicPartition tasks = new TopicPartition(Topics.DEFAULT_TASKS, 0);
            try (Admin admin = deployment.clients().admin()) {
                assertThat(admin.listOffsets(Map.of(tasks, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS)
                        .get(tasks).offset()).isEqualTo(TASKS);
            }
            System.out.printf("ProducerMemoryIT: %,d tasks submitted with -Xmx96m; peak heap after GC %d MB%n", TASKS,
                    TaskrunnerProcess.peakHeapAfterGcMb(dir, "producer"));
        }
    }
}
