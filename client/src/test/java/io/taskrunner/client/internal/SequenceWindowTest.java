package io.taskrunner.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SequenceWindowTest {
    private final SequenceWindow<String> window = new SequenceWindow<>();

    @Test
    void valuesComeBackOnceByTheirNumber() {
        window.put(0, "a");
        window.put(1, "b");

        assertThat(window.remove(1)).isEqualTo("b");
        assertThat(window.remove(1)).isNull();
        assertThat(window.remove(0)).isEqualTo("a");
        assertThat(window.remove(7)).isNull();
        assertThat(window.size()).isZero();
    }

    @Test
    void aSettledNumberTakesNoValueAgain() {
        window.put(0, "a");
        window.remove(0);
        window.skip(1);

        assertThatThrownBy(() -> window.put(0, "again")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> window.put(1, "again")).isInstanceOf(IllegalArgumentException.class);
        window.put(2, "c");
        assertThatThrownBy(() -> window.put(2, "twice")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbersPutOutOfOrderAndFarAheadGrowTheRingAndKeepTheirValues() {
        window.put(5, "f");
        window.put(1000, "late");
        window.put(0, "a");

        assertThat(window.remove(1000)).isEqualTo("late");
        assertThat(window.remove(5)).isEqualTo("f");
        assertThat(window.remove(0)).isEqualTo("a");
    }

    @Test
    void theRingStaysSmallWhileValuesAreSettledAsTheyCome() {
        for (long seq = 0; seq < 1_000_000; seq++) {
            window.put(seq, "v");
            if (seq >= 10) {
                assertThat(window.remove(seq - 10)).isEqualTo("v");
            }
        }

        assertThat(window.size()).isEqualTo(10);
        assertThat(window.capacity()).isEqualTo(64);
    }

    @Test
    void anUnsettledNumberHoldsTheRingOpenBehindIt() {
        window.put(1, "b"); // 0 is handed out but not yet put
        for (long seq = 2; seq < 200; seq++) {
            window.put(seq, "v");
            window.remove(seq);
        }
        assertThat(window.capacity()).isGreaterThanOrEqualTo(200);

        window.skip(0);
        window.remove(1);
        window.put(200, "next");
        assertThat(window.remove(200)).isEqualTo("next");
        assertThat(window.size()).isZero();
    }

    @Test
    void removeAllTakesEveryValueWithItsNumberInOrder() {
        window.put(3, "d");
        window.put(0, "a");
        window.put(2, "c");
        window.remove(2);

        assertThat(window.removeAll()).containsExactly(Map.entry(0L, "a"), Map.entry(3L, "d"));
        assertThat(window.size()).isZero();
        assertThat(window.remove(3)).isNull();
        window.put(4, "e"); // 1 was never put: 4 still fits behind it
        assertThat(window.remove(4)).isEqualTo("e");
    }
}
