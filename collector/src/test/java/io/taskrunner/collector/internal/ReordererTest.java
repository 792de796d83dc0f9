package io.taskrunner.collector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReordererTest {
    /** Feeds results as (seq, offset = 100 + seq) and returns the seqs that became ready. */
    private static List<Long> feed(Reorderer reorderer, long... seqs) {
        List<Long> ready = new ArrayList<>();
        for (long seq : seqs) {
            reorderer.accept(seq, 100 + seq);
            reorderer.takeReady(Integer.MAX_VALUE).forEach(r -> {
                assertThat(r.offset()).isEqualTo(100 + r.seq());
                ready.add(r.seq());
            });
        }
        return ready;
    }

    @Test
    void holdsResultsBackUntilTheGapBeforeThemCloses() {
        Reorderer reorderer = new Reorderer();

        assertThat(feed(reorderer, 2, 3)).isEmpty();
        assertThat(reorderer.heldBack()).isEqualTo(2);
        assertThat(feed(reorderer, 0)).containsExactly(0L);
        assertThat(feed(reorderer, 1)).containsExactly(1L, 2L, 3L);
        assertThat(reorderer.heldBack()).isZero();
        assertThat(feed(reorderer, 5, 4)).containsExactly(4L, 5L);
    }

    @Test
    void ignoresASequenceAlreadyEmittedAndHandsOutReadyResultsInChunks() {
        Reorderer reorderer = new Reorderer();
        assertThat(feed(reorderer, 0, 0)).containsExactly(0L);

        for (long seq = 2; seq < 10; seq++) {
            reorderer.accept(seq, seq);
        }
        reorderer.accept(1, 1);
        assertThat(reorderer.takeReady(3)).extracting(Reorderer.Ready::seq).containsExactly(1L, 2L, 3L);
        assertThat(reorderer.takeReady(100)).hasSize(6);
    }

    @Test
    void heldBackResultsCostEightBytesEachWhateverTheirPayload() {
        Reorderer reorderer = new Reorderer();
        for (long seq = 1; seq <= 1_000_000; seq++) {
            reorderer.accept(seq, seq);
        }

        assertThat(reorderer.heldBack()).isEqualTo(1_000_000);
        // A ring of longs, grown by doubling: at most 16 bytes a result, whatever the payloads were.
        assertThat(reorderer.footprintBytes()).isLessThanOrEqualTo(16L * 1_000_000 + 1024);
        reorderer.accept(0, 0);
        assertThat(reorderer.takeReady(Integer.MAX_VALUE)).hasSize(1_000_001);
    }
}
