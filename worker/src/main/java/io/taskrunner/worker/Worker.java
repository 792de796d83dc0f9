package io.taskrunner.worker;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.worker.internal.ResultPublisher;
import io.taskrunner.worker.internal.ShareGroupSetup;
import io.taskrunner.worker.internal.ShareTaskSlot;
import io.taskrunner.worker.internal.TaskProcessor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process's engine: {@code concurrency} slots, each a share consumer feeding one task at a time
 * to a bounded task pool, and one producer for results. Wired here, in one place.
 *
 * <p>{@link #start} returns once topics and the share group are set up and the slots are polling.
 * {@link #close()} stops taking tasks, lets running tasks finish and publish, and leaves the group;
 * tasks not yet acknowledged are redelivered to other workers. {@link #termination()} completes when the
 * worker has stopped, exceptionally if a slot died of an error it could not handle.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final String identity;
    private final List<ShareTaskSlot> slots;
    private final List<Thread> threads;
    private final ExecutorService taskPool;
    private final KafkaProducer<String, byte[]> producer;
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private final AtomicInteger liveSlots;

    private Worker(String identity, List<ShareTaskSlot> slots, ExecutorService taskPool,
                   KafkaProducer<String, byte[]> producer) {
        this.identity = identity;
        this.slots = slots;
        this.taskPool = taskPool;
        this.producer = producer;
        this.threads = new ArrayList<>();
        this.liveSlots = new AtomicInteger(slots.size());
    }

    public static Worker start(KafkaClients clients, WorkerConfig config, HandlerRegistry handlers) {
        String identity = WorkerIdentity.ofThisProcess();
        clients.ensureTopics(config.topics());
        try (Admin admin = clients.admin()) {
            new ShareGroupSetup(admin, clients.settings().bootstrapServers(), clients.settings().connectTimeout())
                    .apply(config.groupId());
        }
        ProtocolCodec codec = new ProtocolCodec();
        ExecutorService taskPool = Executors.newFixedThreadPool(config.concurrency(), named("taskrunner-task-"));
        KafkaProducer<String, byte[]> producer = clients.producer("taskrunner-worker-" + identity,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));
        TaskProcessor processor = new TaskProcessor(codec, handlers, taskPool, identity, Clock.systemUTC());
        ResultPublisher publisher = new ResultPublisher(producer, config.topics(), codec);
        List<ShareTaskSlot> slots = new ArrayList<>();
        for (int i = 0; i < config.concurrency(); i++) {
            slots.add(new ShareTaskSlot(clients.shareConsumer(config.groupId(), "taskrunner-worker-" + identity + "-" + i,
                    Map.of("share.acknowledgement.mode", "explicit",
                            "share.acquire.mode", "record_limit",
                            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)),
                    config.topics().tasks(), processor, publisher, config.pollTimeout()));
        }
        Worker worker = new Worker(identity, slots, taskPool, producer);
        worker.startSlots();
        log.info("Worker {} running {} tasks at a time from {} (types: {})", identity, config.concurrency(),
                config.topics().tasks(), String.join(", ", handlers.types()));
        return worker;
    }

    /** {@code host:pid} of this worker, as written in its results. */
    public String identity() {
        return identity;
    }

    /** Completes when every slot has stopped; exceptionally with the first error that stopped a slot. */
    public CompletableFuture<Void> termination() {
        return termination;
    }

    @Override
    public void close() {
        slots.forEach(ShareTaskSlot::stop);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        taskPool.shutdownNow();
        try {
            taskPool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
        termination.complete(null);
    }

    private void startSlots() {
        for (int i = 0; i < slots.size(); i++) {
            ShareTaskSlot slot = slots.get(i);
            Thread thread = new Thread(() -> runSlot(slot), "taskrunner-slot-" + i);
            threads.add(thread);
            thread.start();
        }
    }

    private void runSlot(ShareTaskSlot slot) {
        try {
            slot.run();
        } catch (RuntimeException e) {
            log.error("Worker slot {} stopped: {}", Thread.currentThread().getName(), e.toString(), e);
            termination.completeExceptionally(e);
        } finally {
            if (liveSlots.decrementAndGet() == 0) {
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
