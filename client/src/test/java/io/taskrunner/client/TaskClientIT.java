package io.taskrunner.client;

import static io.taskrunner.client.ClientFixtures.WAIT;
import static io.taskrunner.client.ClientFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.RealKafkaExtension;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.testing.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The futures API against a real broker, with tasks run by separate worker processes. */
@ExtendWith(RealKafkaExtension.class)
class TaskClientIT {
    @TempDir
    Path dir;

    private TaskrunnerProcess worker(KafkaCluster kafka, Topics topics, String group, int concurrency) throws Exception {
        return ClientFixtures.worker(dir, kafka, topics, group, concurrency);
    }

    @Test
    void asCompletedYieldsFastTasksFirstAndFailuresPerFuture(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        try (TaskrunnerProcess worker = worker(kafka, topics, "client-order", 5);
             TaskClient client = TaskClient.connect(config(kafka, topics))) {
            List<TaskFuture<String>> futures = new ArrayList<>();
            for (int ms : new int[] {3000, 100, 1500}) {
                futures.add(client.submit("sleep", Map.of("ms", ms), String.class));
            }
            TaskFuture<String> failing = client.submit("fail", Map.of("message", "no disk"), String.class);
            futures.add(failing);

            List<String> order = new ArrayList<>();
            for (TaskFuture<String> done : client.asCompleted(futures, WAIT)) {
                order.add(done.isCompletedExceptionally() ? "failed" : done.join());
            }

            assertThat(order).containsExactlyInAnyOrder("slept 3s", "slept 0.100s", "slept 1.500s", "failed");
            assertThat(order.indexOf("slept 0.100s")).isLessThan(order.indexOf("slept 1.500s"));
            assertThat(order.get(3)).isEqualTo("slept 3s");
            assertThatThrownBy(failing::join).isInstanceOfSatisfying(TaskFailedException.class, e -> {
                assertThat(e.status()).isEqualTo(TaskStatus.FAILED);
                assertThat(e.errorType()).isEqualTo("RequestedFailure");
                assertThat(e.getMessage()).contains("no disk");
            });
            assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TaskFailedException.class);
        }
    }

    @Test
    void aRefusedSubmissionTakesNoPositionInTheRun(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        try (TaskClient client = TaskClient.connect(config(kafka, topics))) {
            assertThatThrownBy(() -> client.submit("echo", new Object(), JsonNode.class))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.submit(" ", Map.of("i", 1), JsonNode.class))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'type'");

            TaskFuture<JsonNode> first = client.submit("echo", Map.of("i", 1), JsonNode.class);

            assertThat(first.taskId()).isEqualTo("0");
            assertThat(first.seq()).isZero();
            assertThat(client.outstanding()).isEqualTo(1);
            ConsumerRecord<String, byte[]> written = new TopicReader(new KafkaClients(kafka.settings()))
                    .readAtLeast(topics.tasks(), 1, WAIT).get(0);
            TaskMessage task = new ProtocolCodec().decodeTask(written.value());
            assertThat(task.seq()).isZero();
            assertThat(task.id()).isEqualTo("0");
        }
    }

    @Test
    void mapStreamsInSubmissionOrderWithABoundedWindow(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        try (TaskrunnerProcess worker = worker(kafka, topics, "client-map", 3);
             TaskClient client = TaskClient.connect(config(kafka, topics))) {
            AtomicInteger pulled = new AtomicInteger();
            List<Integer> maxAhead = new ArrayList<>();
            Iterable<Map<String, Integer>> inputs = () -> new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < 40;
                }

                @Override
                public Map<String, Integer> next() {
                    pulled.incrementAndGet();
                    return Map.of("i", next++);
                }
            };
            List<Integer> seen = new ArrayList<>();

            client.map("echo", inputs, JsonNode.class, 4).forEach(value -> {
                seen.add(value.get("i").asInt());
                maxAhead.add(pulled.get() - seen.size());
            });

            assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 40).boxed().toList());
            assertThat(maxAhead).allSatisfy(ahead -> assertThat(ahead).isLessThanOrEqualTo(4));
        }
    }

    @Test
    void mapEndsWithTheFailureOfTheFirstTaskThatFailed(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        try (TaskrunnerProcess worker = worker(kafka, topics, "client-map-failure", 2);
             TaskClient client = TaskClient.connect(config(kafka, topics))) {
            List<Map<String, String>> inputs = List.of(Map.of("message", "first"), Map.of("message", "bad input"));
            List<String> seen = new ArrayList<>();

            assertThatThrownBy(() -> client.map("fail", inputs, String.class).forEach(seen::add))
                    .isInstanceOfSatisfying(TaskFailedException.class, e -> {
                        assertThat(e.taskId()).isEqualTo("0");
                        assertThat(e.status()).isEqualTo(TaskStatus.FAILED);
                        assertThat(e.getMessage()).contains("first");
                    });
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void timeoutsAndCancellation(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        try (TaskrunnerProcess worker = worker(kafka, topics, "client-cancel", 1);
             TaskClient client = TaskClient.connect(config(kafka, topics))) {
            TaskFuture<String> busy = client.submit("sleep", Map.of("ms", 4000), String.class);
            TaskFuture<String> queued = client.submit("echo", "never runs", String.class);

            assertThatThrownBy(() -> busy.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> client.asCompleted(List.of(busy), Duration.ofMillis(300)).iterator().next())
                    .isInstanceOf(TaskTimeoutException.class).hasMessageContaining("1 task(s) unfinished");
            assertThat(queued.cancel(true)).isTrue();

            assertThat(busy.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("slept 4s");
            assertThatThrownBy(queued::join).isInstanceOf(CancellationException.class);
            // The worker skipped it: its result on the topic is CANCELLED.
            ProtocolCodec codec = new ProtocolCodec();
            List<ResultMessage> results = new TopicReader(new KafkaClients(kafka.settings()))
                    .readAtLeast(topics.results(), 2, WAIT).stream()
                    .map(r -> (ResultMessage) codec.decodeResultsTopic(r.value())).toList();
            assertThat(results).extracting(ResultMessage::status)
                    .containsExactlyInAnyOrder(TaskStatus.SUCCEEDED, TaskStatus.CANCELLED);
        }
    }

    @Test
    void aClientRestartedWithTheSameRunRecoversPublishedResults(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        TaskClientConfig config = config(kafka, topics).withRun("recovered-run");
        try (TaskrunnerProcess worker = worker(kafka, topics, "client-recover", 2)) {
            try (TaskClient first = TaskClient.connect(config)) {
                List<String> values = first.map("echo", List.of("a", "b", "c"), String.class).toList();
                assertThat(values).containsExactly("a", "b", "c");
            }
            try (TaskClient second = TaskClient.connect(config)) {
                List<TaskFuture<String>> again = List.of(second.submit("echo", "a", String.class),
                        second.submit("echo", "b", String.class), second.submit("echo", "c", String.class));
                assertThat(again).allSatisfy(future -> assertThat(future).isDone());
                assertThat(again).extracting(TaskFuture::join).containsExactly("a", "b", "c");
            }
            ProtocolCodec codec = new ProtocolCodec();
            long results = new TopicReader(new KafkaClients(kafka.settings()))
                    .readAtLeast(topics.results(), 4, Duration.ofSeconds(3)).stream()
                    .filter(r -> codec.decodeResultsTopic(r.value()) instanceof ResultMessage).count();
            assertThat(results).as("tasks run: the recovered ones were not submitted again").isEqualTo(3);
        }
    }
}
