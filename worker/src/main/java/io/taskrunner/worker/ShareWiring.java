package io.taskrunner.worker;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.worker.internal.AttemptRunner;
import io.taskrunner.worker.internal.IntakePolicy;
import io.taskrunner.worker.internal.IntakePolicy.Lane;
import io.taskrunner.worker.internal.LaneWatch;
import io.taskrunner.worker.internal.LongTaskLane;
import io.taskrunner.worker.internal.ResultPublisher;
import io.taskrunner.worker.internal.SharePoller;
import io.taskrunner.worker.internal.ShareSource;
import io.taskrunner.worker.internal.TaskDispatch;
import io.taskrunner.worker.internal.TaskIntake;
import io.taskrunner.worker.internal.TaskRunner;
import io.taskrunner.worker.internal.TaskSource;
import io.taskrunner.worker.internal.WorkerLiveness;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Builds the share source and the long-task lane watch of a worker: their consumers and how they meet. */
final class ShareWiring {
    /**
     * Share fetches read this much of the log at most. The broker walks every batch header in the bytes a
     * share fetch reads (up to the 50 MB default) to find what to acquire, whatever the record limit: small
     * windows keep its cost per task low. A record larger than this still comes, alone.
     */
    private static final Map<Lane, Integer> FETCH_MAX_BYTES = Map.of(Lane.NARROW, 64 * 1024,
            Lane.MEDIUM, 256 * 1024, Lane.WIDE, 1024 * 1024);

    private ShareWiring() {
    }

    /**
     * Settings of a share consumer that acknowledges each record itself and takes up to {@code records} a
     * fetch, reading the log window of {@code lane}. The narrow and medium lanes take exactly that many at most
     * ({@code record_limit}). The wide lane takes whole producer batches ({@code batch_optimized}): the broker
     * then keeps its acquisition state a batch at a time rather than a record at a time, which cut its CPU per
     * task on a backlog from ~8 to ~5 µs (docs/PERFORMANCE.md, session 12); a fetch may then bring up to a batch
     * more than a poll returns, which {@link SharePoller} polls before anything else.
     */
    private static Map<String, Object> explicit(Lane lane, int records) {
        return Map.of("share.acknowledgement.mode", "explicit",
                "share.acquire.mode", acquiresWholeBatches(lane) ? "batch_optimized" : "record_limit",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, records,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES.get(lane));
    }

    /** Whether the consumers of {@code lane} acquire whole producer batches; see {@link #explicit}. */
    private static boolean acquiresWholeBatches(Lane lane) {
        return lane == Lane.WIDE;
    }

    private static IntakePolicy policy(WorkerConfig config) {
        return new IntakePolicy(config.concurrency(), config.prefetch(), WorkerConfig.WIDE_BATCH_BUDGET);
    }

    /**
     * The share source's pollers (one share consumer each) per lane it uses, in lane order: one per slot and
     * per task held ahead in the narrow lane, {@link WorkerConfig#MEDIUM_POLLERS} and
     * {@link WorkerConfig#WIDE_POLLERS} in the batch lanes.
     */
    static Map<Lane, Integer> pollersPerLane(WorkerConfig config) {
        IntakePolicy policy = policy(config);
        Map<Lane, Integer> all = Map.of(
                Lane.NARROW, config.concurrency() + (policy.uses(Lane.WIDE) ? IntakePolicy.NARROW_AHEAD : 0),
                Lane.MEDIUM, WorkerConfig.MEDIUM_POLLERS, Lane.WIDE, WorkerConfig.WIDE_POLLERS);
        Map<Lane, Integer> used = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            if (policy.uses(lane)) {
                used.put(lane, all.get(lane));
            }
        }
        return used;
    }

    /** The share group of the long-task lane's watchers. */
    static String laneGroup(WorkerConfig config) {
        return config.groupId() + ".long";
    }

    /**
     * The share source: one one-task consumer per slot and per task the narrow lane may hold ahead
     * ({@link IntakePolicy#NARROW_AHEAD}, in a worker that may leave that lane; any narrow poller takes whichever
     * turn frees first, so the extra one joins at the first it wins, ahead or not),
     * {@link WorkerConfig#MEDIUM_POLLERS} medium-batch and {@link WorkerConfig#WIDE_POLLERS} wide-batch
     * consumers (those the policy uses; {@link #pollersPerLane}), feeding {@code concurrency} runners;
     * {@link IntakePolicy} picks which of them fetch. Each consumer is made on its poller's thread, the batch
     * lanes' only once the worker has started its first task ({@link SharePoller#run}): a new worker takes its
     * first tasks one at a time, and only those consumers join the group before its first task (the demo's
     * first task started ~0.1-0.2 s sooner, docs/PERFORMANCE.md).
     */
    static TaskSource source(KafkaClients clients, WorkerConfig config, String identity,
                             TaskIntake intake, AttemptRunner attempts, ResultPublisher publisher,
                             WorkerMetrics metrics, LongTaskLane lane) {
        IntakePolicy policy = policy(config);
        TaskDispatch dispatch = new TaskDispatch(policy, config.concurrency());
        List<SharePoller> pollers = new ArrayList<>();
        for (Map.Entry<Lane, Integer> pollersOfLane : pollersPerLane(config).entrySet()) {
            Lane fetchLane = pollersOfLane.getKey();
            for (int i = 0; i < pollersOfLane.getValue(); i++) {
                String clientId = WorkerLiveness.clientIdPrefix(identity) + pollers.size();
                Map<String, Object> settings = explicit(fetchLane, policy.batch(fetchLane));
                int wholeBatchLimit = acquiresWholeBatches(fetchLane) ? policy.batch(fetchLane) : 0;
                pollers.add(new SharePoller(() -> clients.shareConsumer(config.groupId(), clientId, settings),
                        config.topics().tasks(), dispatch, fetchLane, wholeBatchLimit, config.pollTimeout(),
                        config.lockDuration(), metrics, lane));
            }
        }
        List<TaskRunner> runners = new ArrayList<>();
        for (int i = 0; i < config.concurrency(); i++) {
            runners.add(new TaskRunner(dispatch, intake, attempts, publisher));
        }
        return new ShareSource(pollers, runners, dispatch);
    }

    /** The lane watch of this worker ({@link LaneWatch}), on a consumer of its own; {@code admin} reads liveness. */
    static LaneWatch laneWatch(KafkaClients clients, WorkerConfig config, String identity, LongTaskLane lane,
                               Set<String> finishedLongTasks, Admin admin) {
        return new LaneWatch(() -> clients.shareConsumer(laneGroup(config), "taskrunner-lane-" + identity,
                        explicit(Lane.NARROW, 1)),
                config.topics().longTasks(), lane, new WorkerLiveness(admin, config.groupId()), finishedLongTasks,
                identity, config.pollTimeout());
    }
}
