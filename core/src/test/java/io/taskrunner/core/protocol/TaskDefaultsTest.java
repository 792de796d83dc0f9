package io.taskrunner.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskDefaultsTest {
    @Test
    void aTaskTakesItsOwnSettingsWhereItGivesThemAndTheDefaultsElsewhere() {
        TaskDefaults defaults = new TaskDefaults(2, Duration.ofSeconds(9));

        assertThat(defaults.forTask(0, 0)).isEqualTo(defaults);
        assertThat(defaults.forTask(7, 0)).isEqualTo(new TaskDefaults(7, Duration.ofSeconds(9)));
        assertThat(defaults.forTask(0, 500)).isEqualTo(new TaskDefaults(2, Duration.ofMillis(500)));
    }

    @Test
    void theFirstAttemptCarriesTheSettings() {
        TaskMessage task = new TaskDefaults(4, Duration.ofSeconds(2)).firstAttempt("3", "r", 3, "echo", null, 10L);

        assertThat(task.attempt()).isEqualTo(1);
        assertThat(task.maxAttempts()).isEqualTo(4);
        assertThat(task.timeoutMs()).isEqualTo(2000);
        assertThat(TaskDefaults.standard().firstAttempt("0", "r", 0, "echo", null, 10L))
                .extracting(TaskMessage::maxAttempts, TaskMessage::timeoutMs)
                .containsExactly(TaskDefaults.DEFAULT_MAX_ATTEMPTS, 0L);
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new TaskDefaults(0, Duration.ZERO)).hasMessageContaining("--max-attempts")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> new TaskDefaults(1, Duration.ofSeconds(-1))).hasMessageContaining("--task-timeout");
    }
}
