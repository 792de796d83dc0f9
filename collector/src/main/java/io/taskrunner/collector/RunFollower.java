package io.taskrunner.collector;

import io.taskrunner.collector.internal.PayloadFetcher;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ProtocolException;
import io.taskrunner.core.protocol.ResultsTopicMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every run on the results topic ({@code collector} without {@code --run}): a member of a consumer
 * group, so several followers share the partitions. Each run is collected as by {@link ResultCollector}
 * (de-duplicated, in the requested order) into the sink the given function opens for it; when a run
 * completes, its summary is handed on and its state dropped. Offsets are committed after each batch is
 * written, so a restarted follower goes on from there (lines of the batch in progress may be written again).
 */
public final class RunFollower {
    private static final Logger log = LoggerFactory.getLogger(RunFollower.class);
    private static final int REMEMBERED_COMPLETE_RUNS = 10_000;

    private final Consumer<String, byte[]> consumer;
    private final PayloadFetcher fetcher;
    private final String resultsTopic;
    private final ResultOrder order;
    private final ProtocolCodec codec;
    private final Clock clock;
    private final CollectorMetrics metrics;
    private final Map<String, RunState> runs = new HashMap<>();
    private final Set<String> completeRuns = Collections.newSetFromMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_COMPLETE_RUNS;
        }
    });

    public RunFollower(Consumer<String, byte[]> consumer, Consumer<String, byte[]> fetchConsumer, String resultsTopic,
                       ResultOrder order, ProtocolCodec codec, Clock clock, CollectorMetrics metrics) {
        this.consumer = consumer;
        this.fetcher = new PayloadFetcher(fetchConsumer, codec);
        this.resultsTopic = resultsTopic;
        this.order = order;
        this.codec = codec;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Follows until {@code keepGoing} turns false.
     *
     * @param sinkFor    opens the sink of a run the first time the run is seen
     * @param onComplete told each run's summary when the run completes
     */
    public void follow(BooleanSupplier keepGoing, Function<String, ResultSink> sinkFor,
                       BiConsumer<String, CollectionSummary> onComplete) {
        consumer.subscribe(List.of(resultsTopic));
        while (keepGoing.getAsBoolean()) {
            boolean any = false;
            Set<RunState> touched = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                any = true;
                String run = record.key();
                if (run == null || completeRuns.contains(run)) {
                    continue;
                }
                ResultsTopicMessage message;
                try {
                    message = codec.decodeResultsTopic(record.value());
                } catch (ProtocolException e) {
                    log.warn("Skipping undecodable record at {}-{}@{}: {}", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                    continue;
                }
                RunState state = runs.computeIfAbsent(run,
                        r -> new RunState(r, order, sinkFor.apply(r), fetcher, clock, metrics, -1));
                state.take(message, new TopicPartition(record.topic(), record.partition()), record.offset(), record.value().length);
                touched.add(state);
                if (state.tracker.complete()) {
                    state.flush();
                    touched.remove(state);
                    runs.remove(run);
                    completeRuns.add(run);
                    onComplete.accept(run, state.summary());
                }
            }
            touched.forEach(RunState::flush);
            if (any) {
                consumer.commitSync();
            }
        }
    }
}
