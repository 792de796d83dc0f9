package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import org.junit.jupiter.api.Test;

class PartitionOffsetsEosTest {
    private static Outcome outcome(String id) {
        TaskMessage task = TaskMessage.first(id, "r", 0, "echo", null, 1L);
        return Outcome.completed(ResultMessage.of(task, TaskStatus.SUCCEEDED, null, null, "h:1", 1, 2));
    }

    @Test
    void outcomesAreWritableOnlyBelowTheLowestRunningTaskAndInOffsetOrder() {
        PartitionOffsets offsets = new PartitionOffsets();
        offsets.started(5);
        offsets.started(6);
        offsets.started(7);
        offsets.finished(7, outcome("seven"));
        offsets.finished(6, outcome("six"));

        assertThat(offsets.takeWritable()).as("5 still runs").isEmpty();
        assertThat(offsets.toCommit()).hasValue(5);
        assertThat(offsets.unwritten()).isEqualTo(2);

        offsets.finished(5, outcome("five"));
        assertThat(offsets.takeWritable()).extracting(o -> o.result().orElseThrow().id())
                .containsExactly("five", "six", "seven");
        assertThat(offsets.toCommit()).hasValue(8);
        assertThat(offsets.unwritten()).isZero();
    }
}
