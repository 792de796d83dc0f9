package io.taskrunner.collector.internal;

import static io.taskrunner.collector.ResultFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.collector.ResultOrder;
import io.taskrunner.core.protocol.ResultMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReordererTest {
    private static List<Long> feed(Reorderer reorderer, long... seqs) {
        List<Long> emitted = new ArrayList<>();
        for (long seq : seqs) {
            reorderer.accept(ok("r", seq)).stream().map(ResultMessage::seq).forEach(emitted::add);
        }
        return emitted;
    }

    @Test
    void completionOrderPassesResultsStraightThrough() {
        assertThat(feed(new Reorderer(ResultOrder.COMPLETION), 3, 0, 2, 1)).containsExactly(3L, 0L, 2L, 1L);
    }

    @Test
    void submissionOrderHoldsResultsBackUntilTheGapBeforeThemCloses() {
        Reorderer reorderer = new Reorderer(ResultOrder.SUBMISSION);

        assertThat(feed(reorderer, 2, 3)).isEmpty();
        assertThat(reorderer.heldBack()).isEqualTo(2);
        assertThat(feed(reorderer, 0)).containsExactly(0L);
        assertThat(feed(reorderer, 1)).containsExactly(1L, 2L, 3L);
        assertThat(reorderer.heldBack()).isZero();
        assertThat(feed(reorderer, 5, 4)).containsExactly(4L, 5L);
    }

    @Test
    void submissionOrderIgnoresAResultForASequenceAlreadyEmitted() {
        Reorderer reorderer = new Reorderer(ResultOrder.SUBMISSION);

        assertThat(feed(reorderer, 0, 0, 1)).containsExactly(0L, 1L);
    }
}
