package io.taskrunner.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Ids stay unique within a run whether they are defaults, explicit, or a mix that collides. */
class TaskIdsTest {
    private final TaskIds ids = new TaskIds("r");

    @Test
    void aTaskWithoutAnIdGetsItsSequenceNumber() {
        assertThat(ids.assign(null, 0)).isEqualTo("0");
        assertThat(ids.assign(null, 1)).isEqualTo("1");
        assertThat(ids.assign("report-7", 2)).isEqualTo("report-7");
    }

    @Test
    void anExplicitIdUsedTwiceIsRefused() {
        ids.assign("a", 0);
        assertThatThrownBy(() -> ids.assign("a", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("task id 'a' is used twice in run r");
    }

    @Test
    void anExplicitIdEqualToAnEarlierDefaultIdIsRefused() {
        ids.assign(null, 0);
        ids.assign(null, 1);
        assertThatThrownBy(() -> ids.assign("1", 2)).hasMessageContaining("task id '1' is used twice");
    }

    @Test
    void aDefaultIdEqualToAnEarlierExplicitIdIsRefused() {
        ids.assign("2", 0);
        ids.assign(null, 1);
        assertThatThrownBy(() -> ids.assign(null, 2)).hasMessageContaining("task id '2' is used twice");
    }

    @Test
    void aNumberWhoseSequenceHadAnExplicitIdIsFree() {
        ids.assign("first", 0);
        assertThat(ids.assign("0", 1)).isEqualTo("0");
        assertThat(ids.assign("5", 2)).isEqualTo("5"); // seq 5 is still to come: refused then, not now
        assertThat(ids.assign(null, 3)).isEqualTo("3");
    }

    @Test
    void numbersThatNoDefaultIdSpellsAreOrdinaryIds() {
        ids.assign(null, 0);
        ids.assign(null, 1);
        assertThat(ids.assign("01", 2)).isEqualTo("01");
        assertThat(ids.assign("+1", 3)).isEqualTo("+1");
        assertThat(ids.assign("99999999999999999999", 4)).isEqualTo("99999999999999999999");
    }

    @Test
    void aRefusedIdIsNotRemembered() {
        ids.assign(null, 0);
        assertThatThrownBy(() -> ids.assign("0", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ids.assign(null, 1)).isEqualTo("1");
    }
}
