package io.taskrunner.ui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskError;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import io.taskrunner.core.protocol.WorkerStatus;
import io.taskrunner.ui.Views.RunSummary;
import io.taskrunner.ui.Views.TaskPage;
import io.taskrunner.ui.Views.TaskView;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BoardTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ProtocolCodec codec = new ProtocolCodec();

    private Board board(int maxRuns, int maxRows) {
        return new Board(maxRuns, maxRows, 1L << 30, codec, now::get);
    }

    private static TaskMessage task(String run, int seq, String type) {
        return TaskMessage.first(String.valueOf(seq), run, seq, type, TextNode.valueOf("p"), 1_000);
    }

    private ResultMessage result(String run, int seq, String type, TaskStatus status) {
        TaskError error = status == TaskStatus.SUCCEEDED ? null : new TaskError("Boom", "task " + seq, "Boom: trace");
        return ResultMessage.of(task(run, seq, type), status, status == TaskStatus.SUCCEEDED ? TextNode.valueOf("ok")
                : null, error, "h:1", now.get() - 50, now.get());
    }

    private static TaskQuery query(String status, String type, String search, int page, int size) {
        return new TaskQuery(status, type, search, page, size);
    }

    @Test
    void countsAreOfDistinctTasksAndARunIsCompleteOnceSealedAndAnswered() {
        Board board = board(10, 100);
        for (int seq = 0; seq < 3; seq++) {
            board.submitted(task("r", seq, "echo"));
        }
        board.finished(result("r", 0, "echo", TaskStatus.SUCCEEDED));
        board.finished(result("r", 1, "echo", TaskStatus.FAILED));
        board.finished(result("r", 1, "echo", TaskStatus.FAILED)); // written twice, counted once
        board.sealed("r", 3);

        RunSummary run = board.run("r").orElseThrow();
        assertThat(run.submitted()).isEqualTo(3);
        assertThat(run.done()).isEqualTo(2);
        assertThat(run.succeeded()).isEqualTo(1);
        assertThat(run.failed()).isEqualTo(1);
        assertThat(run.remaining()).isEqualTo(1);
        assertThat(run.sealed()).isTrue();
        assertThat(run.complete()).isFalse();
        assertThat(run.ratePerSecond()).isEqualTo(0.2); // 2 finished within the last 10 s

        board.finished(result("r", 2, "echo", TaskStatus.SUCCEEDED));
        assertThat(board.run("r").orElseThrow().complete()).isTrue();
        assertThat(board.run("r").orElseThrow().etaSeconds()).isZero();
    }

    @Test
    void resultsReadFromHistoryDoNotCountTowardTheRate() {
        Board board = board(10, 100);
        board.finished(ResultMessage.of(task("r", 0, "echo"), TaskStatus.SUCCEEDED, TextNode.valueOf("ok"), null,
                "h:1", 1, now.get() - 60_000));

        assertThat(board.run("r").orElseThrow().ratePerSecond()).isZero();
        assertThat(board.run("r").orElseThrow().etaSeconds()).as("nothing left").isZero();
    }

    @Test
    void taskRowsAreCappedWhileCountsStayExactAndFailuresStillGetRows() {
        Board board = board(10, 2);
        for (int seq = 0; seq < 5; seq++) {
            board.submitted(task("r", seq, "echo"));
            board.finished(result("r", seq, "echo", seq == 4 ? TaskStatus.FAILED : TaskStatus.SUCCEEDED));
        }

        RunSummary run = board.run("r").orElseThrow();
        assertThat(run.done()).isEqualTo(5);
        assertThat(run.tasksKept()).isEqualTo(3);
        assertThat(run.tasksCapped()).isTrue();
        TaskPage failures = board.tasks("r", query("FAILURES", null, null, 0, 50)).orElseThrow();
        assertThat(failures.tasks()).extracting(TaskView::id).containsExactly("4");
        assertThat(failures.capped()).isTrue();
        assertThat(failures.cap()).isEqualTo(2);
        assertThat(board.task("r", "4").orElseThrow().error().trace()).isEqualTo("Boom: trace");
    }

    @Test
    void aRunsTasksAreFilteredAndPagedOnTheServerInSubmissionOrder() {
        Board board = board(10, 1000);
        for (int seq = 0; seq < 120; seq++) {
            board.submitted(task("r", seq, seq % 2 == 0 ? "echo" : "sleep"));
        }
        for (int seq = 0; seq < 30; seq++) {
            board.finished(result("r", seq, seq % 2 == 0 ? "echo" : "sleep",
                    seq % 10 == 0 ? TaskStatus.TIMED_OUT : TaskStatus.SUCCEEDED));
        }

        TaskPage second = board.tasks("r", query(null, null, null, 1, 50)).orElseThrow();
        assertThat(second.total()).isEqualTo(120);
        assertThat(second.tasks()).extracting(TaskView::seq).startsWith(50L, 51L).hasSize(50);
        assertThat(board.tasks("r", query(null, null, null, 2, 50)).orElseThrow().tasks()).hasSize(20);
        assertThat(board.tasks("r", query("pending", "sleep", null, 0, 500)).orElseThrow().total()).isEqualTo(45);
        assertThat(board.tasks("r", query("TIMED_OUT", null, null, 0, 500)).orElseThrow().tasks())
                .extracting(TaskView::id).containsExactly("0", "10", "20");
        assertThat(board.tasks("r", query(null, null, "11", 0, 500)).orElseThrow().tasks())
                .extracting(TaskView::id).containsExactly("11", "110", "111", "112", "113", "114", "115", "116",
                        "117", "118", "119");
        assertThat(board.tasks("no-such-run", query(null, null, null, 0, 50))).isEmpty();
    }

    @Test
    void aTaskALiveWorkerRunsIsRunningUntilTheWorkerFallsSilent() {
        Board board = board(10, 100);
        board.submitted(task("r", 0, "sleep"));
        board.worker(WorkerStatus.of("h:7", "g", 4, List.of(new WorkerStatus.RunningTask("0", "r", "sleep", 2,
                now.get() - 10)), 5, 1, 1, now.get(), 2_000, false));

        assertThat(board.task("r", "0").orElseThrow().status()).isEqualTo("RUNNING");
        assertThat(board.task("r", "0").orElseThrow().worker()).isEqualTo("h:7");
        assertThat(board.run("r").orElseThrow().inFlight()).isEqualTo(1);
        assertThat(board.workers()).singleElement().satisfies(w -> {
            assertThat(w.stale()).isFalse();
            assertThat(w.running()).hasSize(1);
        });

        now.addAndGet(6_001); // over three intervals of 2 s without a status
        assertThat(board.workers()).singleElement().satisfies(w -> assertThat(w.stale()).isTrue());
        assertThat(board.task("r", "0").orElseThrow().status()).isEqualTo("PENDING");
        assertThat(board.run("r").orElseThrow().inFlight()).isZero();

        board.worker(WorkerStatus.of("h:7", "g", 4, List.of(), 6, 1, 1, now.get(), 2_000, true));
        now.addAndGet(60_000);
        assertThat(board.workers()).singleElement().satisfies(w -> {
            assertThat(w.stopped()).isTrue();
            assertThat(w.stale()).as("a worker that stopped cleanly is not stale").isFalse();
        });
        now.addAndGet(WorkerRoster.FORGET_AFTER_MS);
        assertThat(board.workers()).as("forgotten after an hour of silence").isEmpty();
    }

    @Test
    void beyondItsCapTheBoardForgetsTheLeastRecentlyActiveCompleteRunFirst() {
        Board board = board(2, 100);
        board.submitted(task("old-open", 0, "echo"));
        now.addAndGet(1_000);
        board.submitted(task("done", 0, "echo"));
        board.finished(result("done", 0, "echo", TaskStatus.SUCCEEDED));
        board.sealed("done", 1);
        now.addAndGet(1_000);
        board.submitted(task("new", 0, "echo"));

        assertThat(board.runs(10)).extracting(RunSummary::run).containsExactlyInAnyOrder("old-open", "new");
        long before = board.version();
        board.cancelled("new");
        assertThat(board.version()).isGreaterThan(before);
        assertThat(board.run("new").orElseThrow().cancelled()).isTrue();
    }

    @Test
    void overTheMemoryForRowsTheLeastRecentlyActiveRunLosesItsRowsButKeepsItsCounts() {
        Board board = new Board(10, 1000, 15_000, codec, now::get); // ~90 rows of ~170 bytes
        for (int seq = 0; seq < 60; seq++) {
            board.submitted(task("older", seq, "echo"));
        }
        now.addAndGet(1_000);
        for (int seq = 0; seq < 60; seq++) {
            board.submitted(task("newer", seq, "echo"));
        }

        RunSummary older = board.run("older").orElseThrow();
        assertThat(older.tasksDropped()).isTrue();
        assertThat(older.tasksKept()).isZero();
        assertThat(older.submitted()).as("counts stay").isEqualTo(60);
        assertThat(board.run("newer").orElseThrow().tasksDropped()).isFalse();
        assertThat(board.run("newer").orElseThrow().tasksKept()).isEqualTo(60);
        board.submitted(task("older", 60, "echo"));
        assertThat(board.run("older").orElseThrow().tasksKept()).as("dropped for good").isZero();
        assertThat(board.run("older").orElseThrow().submitted()).isEqualTo(61);
    }

    @Test
    void aTaskNumberFarAboveTheRunsIsCountedWithoutABit() {
        Board board = board(10, 100);
        board.submitted(task("r", 0, "echo"));
        board.submitted(task("r", 99_999_999, "echo"));
        board.finished(result("r", 99_999_999, "echo", TaskStatus.SUCCEEDED));

        RunSummary run = board.run("r").orElseThrow();
        assertThat(run.submitted()).isEqualTo(2);
        assertThat(run.done()).isEqualTo(1);
        assertThat(run.remaining()).isEqualTo(1);
    }

    @Test
    void aQueryWithBadNumbersIsAClearError() {
        assertThatThrownBy(() -> TaskQuery.of(Map.of("page", "two"))).hasMessage("page must be a whole number, was 'two'");
        assertThatThrownBy(() -> TaskQuery.of(Map.of("size", "5000"))).hasMessage("size must be 1..500, was 5000");
        assertThat(TaskQuery.of(Map.of()).size()).isEqualTo(TaskQuery.DEFAULT_SIZE);
    }
}
