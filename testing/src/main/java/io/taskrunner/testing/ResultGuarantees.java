package io.taskrunner.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.protocol.ResultMessage;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks of the guarantees every test of a run's output shares. */
public final class ResultGuarantees {
    private ResultGuarantees() {
    }

    /** Every expected task id has exactly one result, and no other id has any. */
    public static void assertEachAnsweredOnce(Collection<String> expectedIds, List<ResultMessage> results) {
        Map<String, Long> counts = results.stream().collect(Collectors.groupingBy(ResultMessage::id,
                Collectors.counting()));
        List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .sorted().toList();
        List<String> missing = expectedIds.stream().filter(id -> !counts.containsKey(id)).sorted().toList();
        List<String> unexpected = counts.keySet().stream().filter(id -> !expectedIds.contains(id)).sorted().toList();
        assertThat(duplicated).as("task ids answered more than once").isEmpty();
        assertThat(missing).as("task ids never answered").isEmpty();
        assertThat(unexpected).as("answers for ids never submitted").isEmpty();
    }

    /** Results are in submission order: seq 0, 1, 2, ... with no gap. */
    public static void assertSubmissionOrder(List<ResultMessage> results) {
        assertThat(results).extracting(ResultMessage::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, results.size()).boxed().toList());
    }

    /**
     * Results are in completion order. Completion order is the order results were published in, and a
     * handler's finish time is stamped just before its result is sent: two tasks finishing moments apart on
     * different threads (or on workers whose clocks differ) may be published either way round. So each
     * result must have finished no earlier than {@code tie} before any result printed ahead of it; finish
     * times closer than that count as simultaneous.
     */
    public static void assertCompletionOrder(List<ResultMessage> results, Duration tie) {
        long latest = results.isEmpty() ? 0 : results.get(0).finishedAt();
        for (int i = 0; i < results.size(); i++) {
            ResultMessage result = results.get(i);
            assertThat(result.finishedAt())
                    .as("result %d (task %s) finished more than %s before a result printed ahead of it; finish times %s",
                            i, result.id(), tie, results.stream().map(ResultMessage::finishedAt).toList())
                    .isGreaterThanOrEqualTo(latest - tie.toMillis());
            latest = Math.max(latest, result.finishedAt());
        }
    }

    /** Results by worker identity, to check that work was spread. */
    public static Map<String, Long> countByWorker(List<ResultMessage> results) {
        return results.stream().collect(Collectors.groupingBy(ResultMessage::worker, Collectors.counting()));
    }

}
