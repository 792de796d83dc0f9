package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {
    @Test
    void commitsOnlyUpToTheLowestUnfinishedTask() {
        PartitionOffsets offsets = new PartitionOffsets();
        assertThat(offsets.toCommit()).isEmpty();
        offsets.started(10);
        offsets.started(11);
        offsets.started(12);

        offsets.finished(11);
        offsets.finished(12);
        assertThat(offsets.toCommit()).hasValue(10);

        offsets.committed(10);
        assertThat(offsets.toCommit()).as("nothing new to commit").isEmpty();

        offsets.finished(10);
        assertThat(offsets.toCommit()).hasValue(13);
        assertThat(offsets.running()).isZero();
    }
}
