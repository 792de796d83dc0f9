package io.taskrunner.worker;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.TopicSetup;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.worker.internal.AttemptRunner;
import io.taskrunner.worker.internal.BacklogProbe;
import io.taskrunner.worker.internal.CancellationFollower;
import io.taskrunner.worker.internal.CancelledTasks;
import io.taskrunner.worker.internal.RunningTasks;
import io.taskrunner.worker.internal.StatusBeacon;
import io.taskrunner.worker.internal.ConsumerGroupSource;
import io.taskrunner.worker.internal.LongTaskLane;
import io.taskrunner.worker.internal.ResultPublisher;
import io.taskrunner.worker.internal.ShareGroupSetup;
import io.taskrunner.worker.internal.TaskIntake;
import io.taskrunner.worker.internal.TaskSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process's engine: a task source (share-group pollers feeding {@code concurrency} runners, see
 * {@link ShareWiring}, or one consumer-group consumer feeding {@code concurrency} runners), the task pool,
 * one producer for results, a follower of the control topic, and its duties ({@link WorkerDuties}: status
 * beacon, backlog probe, the long-task lane's watch). Wired here, in one place.
 *
 * <p>{@link #start} returns once topics and the share group are set up and the slots are polling.
 * {@link #close()} drains: slots stop taking tasks, running tasks get up to the drain timeout to finish and
 * publish, then any still running are abandoned (interrupted, their records released for redelivery to
 * another worker) and the worker leaves the group. {@link #termination()} completes when the worker has
 * stopped, exceptionally if a slot died of an error it could not handle.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /**
     * With {@code --exactly-once}, how long the broker lets a transaction stay open: a worker that dies inside
     * one holds back every read-committed reader (collectors) of the results partitions it wrote until the
     * broker aborts it, after this plus its abort check interval. A worker's transactions last ~100 ms; the
     * producer's default is 60 s, Kafka Streams uses 10 s for exactly-once too.
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Results are sent as soon as the producer can ({@code linger.ms=0}: no wait at low rates); under load
     * they gather while earlier requests are in flight, into batches of up to this size rather than the
     * default 16 KB (about 40 results). Fewer, larger produce requests cost the worker and the broker less
     * per task: +14% tasks/s on a backlog, measured.
     */
    static final int RESULT_BATCH_BYTES = 128 * 1024;

    private final String identity;
    private final WorkerConfig config;
    private final List<TaskSource> slots;
    private final List<Thread> threads = new ArrayList<>();
    private final ExecutorService taskPool;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicBoolean stopNow;
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private final AtomicInteger liveSlots;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CancellationFollower cancellations;
    private LongTaskLane lane;
    private WorkerDuties duties;

    private Worker(String identity, WorkerConfig config, List<TaskSource> slots, ExecutorService taskPool,
                   KafkaProducer<String, byte[]> producer, AtomicBoolean stopNow, CancellationFollower cancellations) {
        this.identity = identity;
        this.cancellations = cancellations;
        this.config = config;
        this.slots = slots;
        this.taskPool = taskPool;
        this.producer = producer;
        this.stopNow = stopNow;
        this.liveSlots = new AtomicInteger(slots.size());
    }

    public static Worker start(KafkaClients clients, WorkerConfig config, HandlerRegistry handlers) {
        return start(clients, config, handlers, WorkerMetrics.inMemory());
    }

    /** Starts a worker that records its meters in {@code metrics}. */
    public static Worker start(KafkaClients clients, WorkerConfig config, HandlerRegistry handlers,
                               WorkerMetrics metrics) {
        String identity = WorkerIdentity.ofThisProcess();
        metrics.slots(config.concurrency());
        CancelledTasks cancelled = new CancelledTasks();
        Set<String> finishedLongTasks = ConcurrentHashMap.newKeySet();
        ProtocolCodec codec = new ProtocolCodec();
        Admin admin = clients.admin();
        List<TopicPartition> created;
        try {
            created = new TopicSetup(admin, clients.settings()).createMissing(config.topics());
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        // Configured while the clients below start; no member joins before the settings are in, and no result
        // is written before the partitions created above take writes.
        CompletableFuture<Void> setupDone = finishSetup(admin, clients, config, created);
        // Reads the control topic while the rest starts; awaited before the first task is taken.
        CancellationFollower cancellations = followCancellations(clients, config, identity, codec, cancelled,
                finishedLongTasks);
        // Unbounded on purpose: the slots bound concurrency, and a handler that ignores interruption after
        // its time limit must not keep the next task waiting for a thread.
        ExecutorService taskPool = Executors.newCachedThreadPool(named("taskrunner-task-"));
        KafkaProducer<String, byte[]> producer = clients.producer("taskrunner-worker-" + identity,
                config.exactlyOnce()
                        ? Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "taskrunner-" + config.groupId() + "-" + identity
                                + "-" + java.util.UUID.randomUUID(),
                                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis())
                        : Map.of(ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.BATCH_SIZE_CONFIG, RESULT_BATCH_BYTES));
        try {
            if (config.exactlyOnce()) {
                producer.initTransactions();
            }
            setupDone.join();
        } catch (RuntimeException e) {
            // The worker does not start: nothing it opened may stay open.
            setupDone.cancel(false);
            cancellations.stop();
            producer.close(Duration.ZERO);
            taskPool.shutdownNow();
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        AtomicBoolean stopNow = new AtomicBoolean();
        metrics.cancellationsKnown(cancelled::size);
        LongTaskLane lane = new LongTaskLane(producer, config.topics(), identity, codec, Clock.systemUTC(), metrics);
        TaskIntake intake = new TaskIntake(codec, handlers, identity, Clock.systemUTC(), config.maxPayloadBytes(),
                config.deliveryLimit(), cancelled);
        RunningTasks running = new RunningTasks();
        AttemptRunner attempts = new AttemptRunner(taskPool, config.retry(), config.taskTimeout(), identity,
                codec.mapper(), Clock.systemUTC(), new Random(), stopNow, cancelled, metrics, running);
        ResultPublisher publisher = new ResultPublisher(producer, config.topics(), codec, metrics);
        List<TaskSource> slots = config.source() == TaskSourceKind.SHARE
                ? List.of(ShareWiring.source(clients, config, identity, intake, attempts, publisher, metrics, lane))
                : List.of(new ConsumerGroupSource(clients.consumer("taskrunner-worker-" + identity, Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                        ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, ConsumerGroupSource.backlogLimit(config.concurrency()))),
                        config.topics().tasks(), config.concurrency(), intake, attempts, publisher, config.pollTimeout(),
                        config.exactlyOnce() ? producer : null, metrics));
        awaitCaughtUp(cancellations, clients.settings().connectTimeout());
        Worker worker = new Worker(identity, config, slots, taskPool, producer, stopNow, cancellations);
        worker.lane = lane;
        worker.startSlots();
        StatusBeacon beacon = new StatusBeacon(() -> clients.producer("taskrunner-worker-" + identity + "-status",
                Map.of(ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                        ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000)),
                config.topics().workers(), identity, config.groupId(),
                config.concurrency(), running, codec, Clock.systemUTC());
        BacklogProbe backlog = null;
        if (config.source() == TaskSourceKind.SHARE) {
            backlog = new BacklogProbe(clients::admin, config.groupId(), config.topics().tasks());
            metrics.groupBacklog(config.groupId(), backlog::backlog);
        }
        worker.duties = new WorkerDuties(identity, beacon, backlog, clients::admin,
                laneAdmin -> ShareWiring.laneWatch(clients, config, identity, lane, finishedLongTasks, laneAdmin))
                .start(WorkerDuties.DELAY);
        log.info("Worker {} running {} tasks at a time from {} ({} group {}{}{}; types: {})", identity,
                config.concurrency(), config.topics().tasks(), config.source().name().toLowerCase(java.util.Locale.ROOT),
                config.groupId(), config.exactlyOnce() ? ", exactly-once" : "",
                config.prefetch() != WorkerConfig.DEFAULT_PREFETCH ? ", prefetch " + config.prefetch() : "", String.join(", ", handlers.types()));
        return worker;
    }

    /**
     * On a thread of its own, configures the share groups of a share-source worker and waits until the
     * partitions {@code created} take writes (see {@link TopicSetup#awaitServing}), then closes {@code admin}.
     */
    private static CompletableFuture<Void> finishSetup(Admin admin, KafkaClients clients, WorkerConfig config,
                                                       List<TopicPartition> created) {
        return CompletableFuture.runAsync(() -> {
            try (admin) {
                if (config.source() == TaskSourceKind.SHARE) {
                    // Lane copies are only ever given up by a watcher that stops or dies: the most the broker allows.
                    new ShareGroupSetup(admin, clients.settings().bootstrapServers(), clients.settings().connectTimeout())
                            .apply(List.of(
                                    new ShareGroupSetup.Group(config.groupId(), config.lockDuration(), config.deliveryLimit()),
                                    new ShareGroupSetup.Group(ShareWiring.laneGroup(config), config.lockDuration(), 10)),
                                    config.groupId(), config.topics().tasks());
                }
                new TopicSetup(admin, clients.settings()).awaitServing(created);
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "taskrunner-group-setup");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Starts following the control topic on a thread of its own; see {@link #awaitCaughtUp}. */
    private static CancellationFollower followCancellations(KafkaClients clients, WorkerConfig config, String identity,
                                                            ProtocolCodec codec, CancelledTasks cancelled,
                                                            Set<String> finishedLongTasks) {
        CancellationFollower follower = new CancellationFollower(
                clients.consumer("taskrunner-worker-" + identity + "-control", Map.of()),
                config.topics().control(), codec, cancelled, finishedLongTasks);
        Thread thread = new Thread(follower, "taskrunner-cancellations");
        thread.setDaemon(true);
        thread.start();
        return follower;
    }

    /** Waits until the cancellations already on the control topic are read, so no cancelled task starts. */
    private static void awaitCaughtUp(CancellationFollower follower, Duration timeout) {
        try {
            if (!follower.awaitCaughtUp(timeout)) {
                log.warn("Cancellations not read within {}; carrying on, they will apply as they arrive", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code host:pid} of this worker, as written in its results. */
    public String identity() {
        return identity;
    }

    /** Ready for {@code /health}: started and not stopped or stopping. */
    public boolean isRunning() {
        return !closed.get() && !termination.isDone();
    }

    /** Completes when every slot has stopped; exceptionally with the first error that stopped a slot. */
    public CompletableFuture<Void> termination() {
        return termination;
    }

    /** Drains for up to the configured drain timeout; see the class description. */
    @Override
    public void close() {
        close(config.drainTimeout());
    }

    /** Stops taking tasks, lets running ones finish for up to {@code drainTimeout}, abandons the rest. */
    public void close(Duration drainTimeout) {
        if (!closed.compareAndSet(false, true)) {
            termination.join();
            return;
        }
        log.info("Worker {} stopping: finishing running tasks (up to {})", identity, drainTimeout);
        slots.forEach(TaskSource::stop);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (threads.stream().anyMatch(Thread::isAlive)) {
                log.warn("Worker {}: tasks still running after {}; abandoning them for redelivery", identity,
                        drainTimeout);
                stopNow.set(true);
                threads.forEach(Thread::interrupt);
                for (Thread thread : threads) {
                    thread.join(10_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        taskPool.shutdownNow();
        duties.close(); // after the slots: the beacon's last status counts every task they finished
        lane.close();
        cancellations.stop();
        producer.close(Duration.ofSeconds(10));
        termination.complete(null);
        log.info("Worker {} stopped", identity);
    }

    private void startSlots() {
        for (int i = 0; i < slots.size(); i++) {
            TaskSource slot = slots.get(i);
            Thread thread = new Thread(() -> runSlot(slot), "taskrunner-slot-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    private void runSlot(TaskSource slot) {
        try {
            slot.run();
        } catch (RuntimeException e) {
            log.error("Worker slot {} stopped: {}", Thread.currentThread().getName(), e.toString(), e);
            termination.completeExceptionally(e);
        } finally {
            if (liveSlots.decrementAndGet() == 0 && !closed.get()) {
                termination.complete(null);
            }
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
