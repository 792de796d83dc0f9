package io.taskrunner.worker;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.worker.internal.AttemptRunner;
import io.taskrunner.worker.internal.IntakePolicy;
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
    private static final int NARROW_FETCH_MAX_BYTES = 64 * 1024;
    private static final int WIDE_FETCH_MAX_BYTES = 1024 * 1024;

    private ShareWiring() {
    }

    /** The share group of the long-task lane's watchers. */
    static String laneGroup(WorkerConfig config) {
        return config.groupId() + ".long";
    }

    /**
     * The share source: one one-task consumer per slot and {@link WorkerConfig#WIDE_POLLERS} batch consumers,
     * feeding {@code concurrency} runners; {@link IntakePolicy} picks which of them fetch.
     */
    static TaskSource source(KafkaClients clients, WorkerConfig config, String identity,
                             TaskIntake intake, AttemptRunner attempts, ResultPublisher publisher,
                             WorkerMetrics metrics, LongTaskLane lane) {
        IntakePolicy policy = new IntakePolicy(config.concurrency(), config.prefetch(), WorkerConfig.WIDE_BATCH_BUDGET);
        TaskDispatch dispatch = new TaskDispatch(policy, config.concurrency(),
                Math.max(config.concurrency(), config.prefetch() / 2));
        List<SharePoller> pollers = new ArrayList<>();
        int wide = config.prefetch() > 1 ? WorkerConfig.WIDE_POLLERS : 0;
        for (int i = 0; i < config.concurrency() + wide; i++) {
            boolean isWide = i >= config.concurrency();
            pollers.add(new SharePoller(clients.shareConsumer(config.groupId(), WorkerLiveness.clientIdPrefix(identity) + i,
                    Map.of("share.acknowledgement.mode", "explicit",
                            "share.acquire.mode", "record_limit",
                            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, isWide ? config.prefetch() : 1,
                            ConsumerConfig.FETCH_MAX_BYTES_CONFIG, isWide ? WIDE_FETCH_MAX_BYTES : NARROW_FETCH_MAX_BYTES)),
                    config.topics().tasks(), dispatch, isWide, config.pollTimeout(), config.lockDuration(), metrics,
                    lane));
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
        return new LaneWatch(clients.shareConsumer(laneGroup(config), "taskrunner-lane-" + identity,
                Map.of("share.acknowledgement.mode", "explicit", "share.acquire.mode", "record_limit",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, NARROW_FETCH_MAX_BYTES)),
                config.topics().longTasks(), lane, new WorkerLiveness(admin, config.groupId()), finishedLongTasks,
                identity, config.pollTimeout());
    }
}
