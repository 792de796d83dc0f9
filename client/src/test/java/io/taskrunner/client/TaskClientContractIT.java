package io.taskrunner.client;

import static io.taskrunner.client.ClientFixtures.WAIT;
import static io.taskrunner.client.ClientFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.TextNode;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskDefaults;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.testing.KafkaCluster;
import io.taskrunner.testing.RealKafkaExtension;
import io.taskrunner.testing.TaskrunnerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.InterruptException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the client promises beyond the happy path, against a real broker: it never leaves a caller
 * waiting for results that cannot come, sends tasks with the same defaults as the producer command, keeps
 * slow callbacks off the results, refuses recovered results of other tasks, and alone completes futures.
 */
@ExtendWith(RealKafkaExtension.class)
class TaskClientContractIT {
    @TempDir
    Path dir;

    @Test
    void aStoppedResultsReaderFailsWhatWaitsAndWhatComesAfter(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        try (TaskClient client = TaskClient.connect(config(kafka, topics))) { // no worker: nothing is answered
            TaskFuture<String> waiting = client.submit("echo", "never answered", String.class);
            CountDownLatch mapSubmitting = new CountDownLatch(1);
            Iterable<String> inputs = () -> Stream.of("x", "y").peek(input -> mapSubmitting.countDown()).iterator();
            CompletableFuture<List<String>> mapping =
                    CompletableFuture.supplyAsync(() -> client.map("echo", inputs, String.class).toList());
            assertThat(mapSubmitting.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // The reader's next poll throws Kafka's InterruptException: an error it cannot go on after.
            resultsReaderThread(client.run()).interrupt();

            assertThatThrownBy(waiting::join).isInstanceOfSatisfying(ResultsReaderStoppedException.class, e -> {
                assertThat(e).hasMessageContaining("results reader of run " + client.run() + " stopped")
                        .hasCauseInstanceOf(InterruptException.class);
                assertThat(e.run()).isEqualTo(client.run());
            });
            assertThatThrownBy(() -> mapping.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ResultsReaderStoppedException.class);
            assertThatThrownBy(() -> client.submit("echo", "later", String.class))
                    .isInstanceOf(ResultsReaderStoppedException.class).hasCauseInstanceOf(InterruptException.class);
            assertThat(client.asCompleted(List.of(waiting), WAIT)).containsExactly(waiting);
        }
    }

    private static Thread resultsReaderThread(String run) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("taskrunner-client-results-" + run)).findFirst().orElseThrow();
    }

    @Test
    void tasksTakeTheProducersDefaultsUnlessTheClientOrTheTaskSetsItsOwn(KafkaCluster kafka) {
        Topics topics = kafka.freshTopics();
        TaskOptions own = TaskOptions.defaults().withMaxAttempts(5).withTimeout(Duration.ofSeconds(2));
        try (TaskClient client = TaskClient.connect(config(kafka, topics))) { // no worker: the records are read
            client.submit("echo", "standard", String.class);
            client.submit("echo", "own", String.class, own);
        }
        try (TaskClient client = TaskClient.connect(config(kafka, topics)
                .withTaskDefaults(new TaskDefaults(4, Duration.ofSeconds(7))))) {
            client.submit("echo", "client-wide", String.class);
            client.submit("echo", "own attempts", String.class, TaskOptions.defaults().withMaxAttempts(2));
        }

        List<TaskMessage> sent = ClientFixtures.sentTasks(kafka, topics, 4);

        assertThat(sent).extracting(task -> task.payload().asText(), TaskMessage::maxAttempts, TaskMessage::timeoutMs)
                .containsExactlyInAnyOrder(
                        tuple("standard", TaskDefaults.DEFAULT_MAX_ATTEMPTS, TaskDefaults.standard().timeout().toMillis()),
                        tuple("own", 5, 2000L),
                        tuple("client-wide", 4, 7000L),
                        tuple("own attempts", 2, 7000L));
    }

    @Test
    void aBlockingCallbackDelaysNoOtherResult(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        CountDownLatch callbackBlocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TaskClient client = TaskClient.connect(config(kafka, topics))) {
            TaskFuture<String> first = client.submit("echo", "first", String.class);
            // Registered before any worker runs: it runs where the client completes the future.
            first.stage().thenRun(() -> {
                callbackBlocking.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try (TaskrunnerProcess worker = ClientFixtures.worker(dir, kafka, topics, "client-callbacks", 2)) {
                assertThat(callbackBlocking.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

                TaskFuture<String> second = client.submit("echo", "second", String.class);

                assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("second");
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void futuresCompleteOnTheExecutorTheCallerGives(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        ExecutorService callerPool = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "caller-pool"));
        try {
            CompletableFuture<String> callbackThread;
            try (TaskClient client = TaskClient.connect(config(kafka, topics).withCallbackExecutor(callerPool))) {
                TaskFuture<String> unanswered = client.submit("echo", "no worker", String.class);
                callbackThread = unanswered.stage().handle((value, error) -> Thread.currentThread().getName())
                        .toCompletableFuture();
            } // closing fails the unanswered future

            assertThat(callbackThread.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("caller-pool");
            assertThat(callerPool.isShutdown()).as("the caller's executor is the caller's to shut down").isFalse();
        } finally {
            callerPool.shutdownNow();
        }
    }

    @Test
    void aRestartedClientIsRefusedTheResultsOfOtherTasks(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        String run = "mismatched-run";
        List<TaskMessage> earlierTasks = List.of(
                TaskMessage.first("0", run, 0, "echo", TextNode.valueOf("a"), 1L),
                TaskMessage.first("1", run, 1, "echo", TextNode.valueOf("b"), 1L));
        ClientFixtures.announce(kafka, topics, run); // the earlier client announced the run before its first task
        ClientFixtures.publish(kafka, topics, earlierTasks.stream().map(task -> ResultMessage.of(task,
                TaskStatus.SUCCEEDED, task.payload(), null, "earlier-worker", 2L, 3L)).toList());

        try (TaskClient client = TaskClient.connect(config(kafka, topics).withRun(run))) {
            assertThat(client.submit("echo", "a", String.class).join()).isEqualTo("a");

            assertThatThrownBy(() -> client.submit("fail", Map.of("message", "other input"), String.class))
                    .isInstanceOfSatisfying(RecoveryMismatchException.class, e -> {
                        assertThat(e.run()).isEqualTo(run);
                        assertThat(e.seq()).isEqualTo(1);
                        assertThat(e.expectedType()).isEqualTo("fail");
                        assertThat(e.foundType()).isEqualTo("echo");
                        assertThat(e.getMessage()).contains(run, "seq 1", "'fail'", "'echo'");
                    });
        }
    }

    @Test
    void aNewRunIsAnnouncedAndReadFromThereNotFromTheStartOfItsPartition(KafkaCluster kafka) throws Exception {
        Topics topics = kafka.freshTopics();
        String run = "reused-run";
        // A result of an earlier run with the same id, which announced nothing (an older version).
        TaskMessage stale = TaskMessage.first("0", run, 0, "echo", TextNode.valueOf("a"), 1L);
        ClientFixtures.publish(kafka, topics, List.of(ResultMessage.of(stale, TaskStatus.SUCCEEDED,
                TextNode.valueOf("stale"), null, "earlier-worker", 2L, 3L)));
        assertThat(ClientFixtures.announcedStart(kafka, topics, run)).isEmpty();

        try (TaskClient client = TaskClient.connect(config(kafka, topics).withRun(run))) { // no worker
            TaskFuture<String> future = client.submit("echo", "a", String.class);

            // Recovered results complete a future as it is submitted (see the restart tests): this one waits.
            assertThat(future.isDone()).as("the stale result was not read").isFalse();
            assertThat(ClientFixtures.announcedStart(kafka, topics, run)).as("announced after the stale record")
                    .hasValue(1L);
        }
    }

    @Test
    void onlyTheClientCompletesATasksFuture(KafkaCluster kafka) {
        Topics topics = kafka.freshTopics();
        try (TaskClient client = TaskClient.connect(config(kafka, topics))) { // no worker: the task stays open
            TaskFuture<String> future = client.submit("echo", "real", String.class);

            future.toCompletableFuture().complete("forged");
            future.toCompletableFuture().obtrudeValue("forged");
            future.stage().toCompletableFuture().complete("forged");

            assertThat(future.isDone()).isFalse();
            assertThat(client.outstanding()).isEqualTo(1);
        }
    }
}
