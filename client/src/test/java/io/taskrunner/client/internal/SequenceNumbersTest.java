package io.taskrunner.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.core.protocol.TaskMessage;
import org.junit.jupiter.api.Test;

class SequenceNumbersTest {
    @Test
    void numbersFollowEachOtherFromZero() {
        SequenceNumbers numbers = new SequenceNumbers("r");
        assertThat(numbers.<Long>next(seq -> seq)).isZero();
        assertThat(numbers.<Long>next(seq -> seq)).isEqualTo(1);
        assertThat(numbers.<String>next(seq -> "task " + seq)).isEqualTo("task 2");
    }

    @Test
    void aTaskThatCannotBeBuiltTakesNoNumber() {
        SequenceNumbers numbers = new SequenceNumbers("r");
        numbers.<Long>next(seq -> seq);
        assertThatThrownBy(() -> numbers.next(seq -> {
            throw new IllegalArgumentException("payload cannot be written");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("payload cannot be written");
        assertThat(numbers.<Long>next(seq -> seq)).isEqualTo(1);
    }

    @Test
    void aFullRunIsRefusedWithoutCallingTheBuilder() {
        SequenceNumbers numbers = new SequenceNumbers("r", TaskMessage.SEQ_LIMIT - 1);
        assertThat(numbers.<Long>next(seq -> seq)).isEqualTo(TaskMessage.SEQ_LIMIT - 1);
        assertThatThrownBy(() -> numbers.next(seq -> {
            throw new AssertionError("built a task past the limit");
        })).isInstanceOf(IllegalStateException.class)
                .hasMessage("run r holds 2147483647 tasks, the most a run can hold; submit more in a new run");
    }
}
