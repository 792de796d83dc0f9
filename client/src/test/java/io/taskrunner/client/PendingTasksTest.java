package io.taskrunner.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskError;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Matching results to futures, with hand-built results and an executor the test runs by hand. */
class PendingTasksTest {
    private final List<Runnable> due = new ArrayList<>();
    private final PendingTasks tasks = new PendingTasks("r", new ProtocolCodec().mapper(), due::add);

    private static ResultMessage result(long seq, String type, TaskStatus status) {
        TaskMessage task = TaskMessage.first(String.valueOf(seq), "r", seq, type, TextNode.valueOf("v" + seq), 1L);
        return ResultMessage.of(task, status, status == TaskStatus.SUCCEEDED ? task.payload() : null,
                status == TaskStatus.SUCCEEDED ? null : new TaskError("Boom", "it broke"), "w", 2L, 3L);
    }

    private CompletableFuture<String> register(long seq, String type) {
        CompletableFuture<String> future = new CompletableFuture<>();
        assertThat(tasks.register(seq, type, String.class, future)).isFalse();
        return future;
    }

    private void runDue() {
        List<Runnable> now = List.copyOf(due);
        due.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void resultsCompleteFuturesOnlyOnTheCallbackExecutor() {
        CompletableFuture<String> ok = register(0, "echo");
        CompletableFuture<String> failed = register(1, "echo");

        tasks.result(result(0, "echo", TaskStatus.SUCCEEDED), false);
        tasks.result(result(1, "echo", TaskStatus.FAILED), false);

        assertThat(ok).isNotDone();
        runDue();
        assertThat(ok).isCompletedWithValue("v0");
        assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(TaskFailedException.class).hasMessageContaining("Boom: it broke");
        assertThat(tasks.size()).isZero();
    }

    @Test
    void aRecoveredResultAnswersOnlyTheSameTask() {
        tasks.result(result(0, "echo", TaskStatus.SUCCEEDED), true);
        tasks.result(result(1, "echo", TaskStatus.SUCCEEDED), true);
        CompletableFuture<String> same = new CompletableFuture<>();

        assertThat(tasks.register(0, "echo", String.class, same)).isTrue();
        assertThat(same).isCompletedWithValue("v0");
        assertThatThrownBy(() -> tasks.register(1, "sleep", String.class, new CompletableFuture<>()))
                .isInstanceOf(RecoveryMismatchException.class)
                .hasMessageContaining("run r already has a different task at seq 1")
                .hasMessageContaining("'sleep'").hasMessageContaining("'echo'");
    }

    @Test
    void aLiveResultOfAnotherTaskFailsTheFutureInsteadOfAnsweringIt() {
        CompletableFuture<String> future = register(0, "sleep");

        tasks.result(result(0, "echo", TaskStatus.SUCCEEDED), false);
        runDue();

        assertThatThrownBy(future::join).cause().isInstanceOf(RecoveryMismatchException.class);
    }

    @Test
    void aStoppedReaderFailsWaitingFuturesAndLaterRegistrations() {
        CompletableFuture<String> waiting = register(0, "echo");
        IllegalStateException cause = new IllegalStateException("broker said no");

        tasks.stopped(cause);
        runDue();

        assertThatThrownBy(waiting::join).cause().isInstanceOf(ResultsReaderStoppedException.class).hasCause(cause);
        assertThatThrownBy(() -> register(1, "echo")).isInstanceOf(ResultsReaderStoppedException.class)
                .hasMessageContaining("results reader of run r stopped").hasCause(cause);
        assertThat(tasks.size()).isZero();
    }
}
