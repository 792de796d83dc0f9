package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.core.protocol.WorkerStatus;
import io.taskrunner.testing.Await;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class StatusBeaconTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void sendsWhatTheWorkerRunsKeyedByTheWorkerAndALastStatusMarkedStoppedOnClose() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        RunningTasks running = new RunningTasks();
        Object done = running.begin(TaskMessage.first("1", "r", 1, "echo", TextNode.valueOf("p"), 5), 10);
        running.end(done, TaskStatus.FAILED);
        running.begin(TaskMessage.first("2", "r", 2, "sleep", TextNode.valueOf("p"), 5), 20);

        StatusBeacon beacon = new StatusBeacon(() -> producer, "tasks.workers", "h:9", "g", 4, running, codec,
                Clock.systemUTC()).start();
        Await.until("a first status", Duration.ofSeconds(10), () -> !producer.history().isEmpty());
        beacon.close();

        WorkerStatus first = codec.decodeWorkerStatus(producer.history().get(0).value());
        assertThat(producer.history().get(0).topic()).isEqualTo("tasks.workers");
        assertThat(producer.history().get(0).key()).isEqualTo("h:9");
        assertThat(first.slots()).isEqualTo(4);
        assertThat(first.done()).isEqualTo(1);
        assertThat(first.failed()).isEqualTo(1);
        assertThat(first.running()).singleElement().satisfies(task -> {
            assertThat(task.id()).isEqualTo("2");
            assertThat(task.startedAt()).isEqualTo(20);
        });
        assertThat(first.state()).isEqualTo(WorkerStatus.RUNNING);
        WorkerStatus last = codec.decodeWorkerStatus(producer.history().get(producer.history().size() - 1).value());
        assertThat(last.state()).isEqualTo(WorkerStatus.STOPPED);
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void aProducerThatCannotBeMadeYetIsTriedAgainAndNeverStopsTheWorker() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        int[] calls = {0};
        StatusBeacon beacon = new StatusBeacon(() -> {
            if (calls[0]++ == 0) {
                throw new org.apache.kafka.common.KafkaException("no broker yet");
            }
            return producer;
        }, "t", "h:9", "g", 1, new RunningTasks(), codec, Clock.systemUTC());
        assertThat(beacon.status(false).worker()).isEqualTo("h:9");
        beacon.start();
        Await.until("a status once the producer could be made", Duration.ofSeconds(10),
                () -> !producer.history().isEmpty());
        beacon.close();
    }
}
