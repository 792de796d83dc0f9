package io.taskrunner.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskrunner.core.metrics.MetricsServer;
import io.taskrunner.worker.HandlerRegistry;
import io.taskrunner.worker.WorkerMetrics;
import io.taskrunner.worker.RetryPolicy;
import io.taskrunner.worker.TaskSourceKind;
import io.taskrunner.worker.Worker;
import io.taskrunner.worker.WorkerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code taskrunner worker}: runs tasks until SIGTERM; start more processes to scale out. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run tasks from the tasks topic and publish their results, until stopped.",
                "SIGTERM or Ctrl-C stops taking tasks and lets running ones finish (--drain-timeout); "
                        + "a second signal stops at once. Unfinished tasks are redelivered to other workers."})
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--concurrency", defaultValue = "" + WorkerConfig.DEFAULT_CONCURRENCY,
            description = "Tasks this process runs at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--prefetch", paramLabel = "N", defaultValue = "" + WorkerConfig.DEFAULT_PREFETCH,
            description = "With --source share: the most tasks one fetch may take (default: ${DEFAULT-VALUE}). "
                    + "No need to tune it: the worker takes one task at a time while tasks are slow (and holds "
                    + "one ahead while it would wait under 250 ms) and batches while a batch runs within 250 ms "
                    + "on its slots. 1 takes one at a time always, none ahead.")
    int prefetch;

    @Option(names = "--source", defaultValue = "share", paramLabel = "share|consumer",
            description = "share: a share group, any number of workers per partition (default); consumer: a "
                    + "consumer group, at most one worker per tasks partition (give the topic --task-partitions).")
    TaskSourceKind source;

    @Option(names = "--exactly-once",
            description = "With --source consumer: write results and offsets in one transaction, so no task's "
                    + "result is ever visible twice (collectors read committed results only).")
    boolean exactlyOnce;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Group shared by all workers of a deployment (default: " + WorkerConfig.DEFAULT_GROUP
                    + ", or " + WorkerConfig.DEFAULT_CONSUMER_GROUP + " with --source consumer).")
    String group;

    @Option(names = "--task-timeout", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "Time limit of an attempt whose task sets none; 0s for none (default: ${DEFAULT-VALUE}).")
    Duration taskTimeout;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "On stop, how long running tasks may take to finish (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--lock-duration", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Share-group acquisition lock; a dead worker's tasks return after this at the latest, "
                    + "longer tasks have their lock renewed (default: ${DEFAULT-VALUE}; broker bounds apply).")
    Duration lockDuration;

    @Option(names = "--delivery-limit", paramLabel = "N", defaultValue = "" + WorkerConfig.DEFAULT_DELIVERY_LIMIT,
            description = "A task delivered N times without a result is dead-lettered, not run again "
                    + "(2..10, default: ${DEFAULT-VALUE}).")
    int deliveryLimit;

    @Option(names = "--retry-backoff", paramLabel = "DURATION", defaultValue = "200ms",
            converter = DurationConverter.class,
            description = "Wait before the first retry; doubles each attempt, with jitter (default: ${DEFAULT-VALUE}).")
    Duration retryBackoff;

    @Option(names = "--retry-backoff-max", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class, description = "Longest wait between attempts (default: ${DEFAULT-VALUE}).")
    Duration retryBackoffMax;

    @Option(names = "--retry-on", paramLabel = "TYPE", split = ",",
            description = "Exception simple class names that are retried too, besides RetriableTaskException.")
    List<String> retryOn = List.of();

    @Option(names = "--types", paramLabel = "TYPE", split = ",",
            description = "Run only these task types (default: every handler on the class path); tasks of other "
                    + "types are rejected and dead-lettered.")
    List<String> types;

    @Option(names = "--max-payload-bytes", paramLabel = "N", defaultValue = "" + WorkerConfig.DEFAULT_MAX_PAYLOAD_BYTES,
            description = "Task records larger than this are dead-lettered (default: ${DEFAULT-VALUE}).")
    int maxPayloadBytes;

    @Override
    public Integer call() throws InterruptedException {
        WorkerConfig config = config();
        MeterRegistry registry = metrics.registry("worker");
        HandlerRegistry handlers = HandlerRegistry.discover(getClass().getClassLoader());
        if (types != null) {
            handlers = handlers.allowOnly(types);
        }
        Worker worker = Worker.start(metrics.bind(kafka.clients(), registry), config, handlers,
                new WorkerMetrics(registry));
        MetricsServer server = metrics.serve(registry, worker::isRunning);
        StopSignals.install("worker " + worker.identity(), () -> {
            worker.close();
            if (server != null) {
                server.close();
            }
        });
        try {
            worker.termination().get();
            return Main.EXIT_OK;
        } catch (ExecutionException e) {
            throw new IllegalStateException("worker stopped: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The worker's settings from its options, checked ({@link WorkerConfig}'s errors name the flag). */
    WorkerConfig config() {
        WorkerConfig config = WorkerConfig.defaults(kafka.topics())
                .withSource(source)
                .withConcurrency(concurrency)
                .withTaskTimeout(taskTimeout)
                .withDrainTimeout(drainTimeout)
                .withLockDuration(lockDuration)
                .withDeliveryLimit(deliveryLimit)
                .withRetry(new RetryPolicy(retryBackoff, retryBackoffMax, Set.copyOf(retryOn)))
                .withMaxPayloadBytes(maxPayloadBytes)
                .withExactlyOnce(exactlyOnce)
                .withPrefetch(prefetch);
        return group == null ? config : config.withGroupId(group);
    }
}
