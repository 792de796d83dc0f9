package io.taskrunner.collector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeldBackPayloadsTest {
    private static byte[] bytes(int length) {
        return new byte[length];
    }

    @Test
    void aKeptResultIsTakenBackOnce() {
        HeldBackPayloads<byte[]> kept = new HeldBackPayloads<byte[]>(1000, 10);
        byte[] encoded = bytes(10);
        kept.keep(5, encoded, encoded.length);

        assertThat(kept.take(5)).isSameAs(encoded);
        assertThat(kept.take(5)).isNull();
        assertThat(kept.size()).isZero();
        assertThat(kept.bytes()).isZero();
    }

    @Test
    void aResultNeverKeptIsNotFound() {
        assertThat(new HeldBackPayloads<byte[]>(1000, 10).take(7)).isNull();
    }

    @Test
    void theResultsFurthestFromTheHeadMakeRoomForNearerOnes() {
        HeldBackPayloads<byte[]> kept = new HeldBackPayloads<byte[]>(30, 10);
        kept.keep(3, bytes(10), 10);
        kept.keep(4, bytes(10), 10);
        kept.keep(5, bytes(10), 10);

        kept.keep(2, bytes(10), 10); // nearer the head than 5: 5 goes

        assertThat(kept.take(5)).isNull();
        assertThat(kept.take(2)).isNotNull();
        assertThat(kept.take(3)).isNotNull();
        assertThat(kept.take(4)).isNotNull();
    }

    @Test
    void aResultFurtherThanEverythingKeptIsNotKeptWhenFull() {
        HeldBackPayloads<byte[]> kept = new HeldBackPayloads<byte[]>(1000, 2);
        kept.keep(1, bytes(10), 10);
        kept.keep(2, bytes(10), 10);

        kept.keep(9, bytes(10), 10);

        assertThat(kept.take(9)).isNull();
        assertThat(kept.size()).isEqualTo(2);
    }

    @Test
    void theByteBudgetHoldsWhateverThePayloads() {
        HeldBackPayloads<byte[]> kept = new HeldBackPayloads<byte[]>(100, 1000);
        for (int seq = 1000; seq > 0; seq--) {
            kept.keep(seq, bytes(30), 30);
            assertThat(kept.bytes()).isLessThanOrEqualTo(100);
        }
        // the three nearest the head are what is left
        assertThat(kept.size()).isEqualTo(3);
        assertThat(kept.take(1)).isNotNull();
        assertThat(kept.take(3)).isNotNull();
    }

    @Test
    void aResultLargerThanTheWholeBudgetIsNeverKept() {
        HeldBackPayloads<byte[]> kept = new HeldBackPayloads<byte[]>(100, 10);
        kept.keep(1, bytes(50), 50);

        kept.keep(0, bytes(101), 101);

        assertThat(kept.take(0)).isNull();
        assertThat(kept.take(1)).isNotNull();
    }

    @Test
    void negativeBudgetsAreRefused() {
        assertThatThrownBy(() -> new HeldBackPayloads<byte[]>(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
