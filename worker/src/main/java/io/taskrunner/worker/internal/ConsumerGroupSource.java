package io.taskrunner.worker.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import io.taskrunner.worker.WorkerMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer-group task source ({@code --source consumer}): one {@code KafkaConsumer} of a KIP-848 group
 * feeds up to {@code concurrency} tasks at a time to runner threads.
 *
 * <p>Tasks of one partition finish out of order, so the committed offset is the lowest unfinished one
 * ({@link PartitionOffsets}); a crash re-runs at most the tasks after it (the collector drops the
 * duplicate results). A runner hands its result to the producer and moves on; the task counts as done
 * (and its offset as committable) once the broker has acknowledged the result. Fetched tasks wait in a
 * backlog of up to {@code concurrency × 8} (they are this worker's alone while it owns their partition);
 * while the backlog is full every partition is paused, so {@code poll()} keeps the member alive without
 * fetching more: a long task never causes a rebalance. On revocation the offsets reached so far are
 * committed synchronously, and the backlog of the revoked partitions is dropped for their new owner.
 *
 * <p>With a transactional producer ({@code --exactly-once}) runners do not publish: finished outcomes go
 * back to the poll thread, which writes those below each partition's lowest unfinished offset together
 * with that offset in one transaction ({@code sendOffsetsToTransaction}). A result is then visible to
 * {@code read_committed} readers exactly when its task's offset is committed, so a crash or rebalance
 * never makes a second result visible. Results of one partition are written in offset order, which delays
 * those behind a long task.
 */
public final class ConsumerGroupSource implements TaskSource {
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupSource.class);
    /** Offsets of finished tasks are committed this often (and at once on revocation). */
    public static final long COMMIT_INTERVAL_MS = OffsetCommits.COMMIT_INTERVAL_MS;
    /** Finished outcomes waiting behind a long task count against capacity, at this many per slot. */
    private static final int UNWRITTEN_PER_SLOT = 8;

    private final Consumer<String, byte[]> consumer;
    private final String tasksTopic;
    private final int concurrency;
    private final TaskIntake intake;
    private final AttemptRunner attempts;
    private final ResultPublisher publisher;
    private final Duration pollTimeout;
    private final OffsetCommits commits;
    private final WorkerMetrics metrics;
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    /** Fetched, not started yet, in offset order per partition. */
    private final Deque<ConsumerRecord<String, byte[]>> backlog = new ArrayDeque<>();
    private final int backlogLimit;
    private volatile boolean stopping;
    /** Taken and not yet finished: running, or written and waiting for the broker's acknowledgement. */
    private int running;
    /** Of those, the ones whose handler is done and whose result is on its way to the broker. */
    private final AtomicInteger writing = new AtomicInteger();

    private record Finished(TopicPartition partition, long offset, Outcome outcome, RuntimeException failure) {
    }

    /** Not a task: tells the poll thread a runner is free while the result it wrote is still in flight. */
    private static final Finished RUNNER_FREE = new Finished(null, -1, null, null);

    /**
     * @param transactional the publisher's producer, with transactions initialised, for exactly-once; or
     *                      null to publish each result as its task finishes and commit offsets separately
     */
    public ConsumerGroupSource(Consumer<String, byte[]> consumer, String tasksTopic, int concurrency, TaskIntake intake,
                               AttemptRunner attempts, ResultPublisher publisher, Duration pollTimeout,
                               Producer<String, byte[]> transactional, WorkerMetrics metrics) {
        this.commits = new OffsetCommits(consumer, transactional, publisher, metrics);
        this.backlogLimit = backlogLimit(concurrency);
        this.metrics = metrics;
        this.consumer = consumer;
        this.tasksTopic = tasksTopic;
        this.concurrency = concurrency;
        this.intake = intake;
        this.attempts = attempts;
        this.publisher = publisher;
        this.pollTimeout = pollTimeout;
    }

    @Override
    public void run() {
        ExecutorService runners = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "taskrunner-runner");
            thread.setDaemon(true);
            return thread;
        });
        try {
            consumer.subscribe(List.of(tasksTopic), new CommitOnRevoke());
            while (!stopping) {
                applyFinished();
                commits.commit(false);
                startFromBacklog(runners);
                boolean runnersBusy = !runnerFree()
                        || running >= concurrency * UNWRITTEN_PER_SLOT
                        || commits.unwritten() >= concurrency * UNWRITTEN_PER_SLOT;
                if (backlog.size() >= backlogLimit) {
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                Duration pollFor = backlog.isEmpty() ? pollTimeout : Duration.ZERO;
                if (runnersBusy) {
                    // Wait for a task to finish rather than in poll(), which would not see it finish; the
                    // consumer keeps fetching in the background meanwhile unless the backlog is full.
                    Finished done = finished.poll(pollTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    if (done != null) {
                        apply(done);
                    }
                    pollFor = Duration.ZERO;
                }
                // Polled even when paused: that keeps the member in the group however long tasks run.
                for (ConsumerRecord<String, byte[]> record : consumer.poll(pollFor)) {
                    backlog.add(record);
                    metrics.queued(1);
                }
            }
            metrics.queued(-backlog.size());
            backlog.clear();
            while (running > 0) {
                apply(finished.take());
            }
            commits.commit(true);
        } catch (InterruptedException e) {
            log.info("Abandoning {} running task(s); they will run again after the next assignment", running);
        } finally {
            runners.shutdownNow();
            boolean interrupted = Thread.interrupted();
            consumer.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void stop() {
        stopping = true;
    }

    /** Fetched tasks a worker of this concurrency holds at most; also its {@code max.poll.records}. */
    public static int backlogLimit(int concurrency) {
        return concurrency * UNWRITTEN_PER_SLOT;
    }

    /** Starts fetched tasks, in offset order, while a runner is free. */
    private void startFromBacklog(ExecutorService runners) {
        while (!backlog.isEmpty() && runnerFree()) {
            start(backlog.poll(), runners);
        }
    }

    /** Tasks whose result is only in flight to the broker no longer hold a runner. */
    private boolean runnerFree() {
        return running - writing.get() < concurrency;
    }

    private void start(ConsumerRecord<String, byte[]> record, ExecutorService runners) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        commits.started(partition, record.offset());
        running++;
        runners.execute(() -> {
            try {
                Admission admission = intake.admit(record);
                Outcome outcome = admission instanceof Admission.Run run
                        ? Outcome.completed(attempts.run(run.task(), run.handler(), LockKeeper.NONE))
                        : ((Admission.Refuse) admission).outcome();
                if (!commits.exactlyOnce()) {
                    // The runner moves on while the broker acknowledges; the poll thread hears of it via finished.
                    writing.incrementAndGet();
                    publisher.sendThen(outcome, failure -> {
                        writing.decrementAndGet();
                        finished.add(new Finished(partition, record.offset(), outcome, failure));
                    });
                    // Wakes the poll thread now, not a round trip later: this runner can take the next task.
                    finished.add(RUNNER_FREE);
                } else {
                    finished.add(new Finished(partition, record.offset(), outcome, null));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                finished.add(new Finished(partition, record.offset(), null, e));
            }
        });
    }

    private void applyFinished() {
        Finished done;
        while ((done = finished.poll()) != null) {
            apply(done);
        }
    }

    private void apply(Finished done) {
        if (done == RUNNER_FREE) {
            return;
        }
        running--;
        if (!commits.exactlyOnce()) {
            metrics.queued(-1);
        }
        if (done.failure() != null) {
            // The result could not be written: stop without committing past this task, so it runs again.
            throw new IllegalStateException("cannot publish the result of " + done.partition() + "@" + done.offset()
                    + ": " + done.failure().getMessage(), done.failure());
        }
        commits.finished(done.partition(), done.offset(), done.outcome());
    }

    /** Commits what is done before partitions move to another worker; forgets partitions that are gone. */
    private final class CommitOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            applyFinished();
            commits.commit(true);
            commits.forget(partitions);
            dropBacklog(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            commits.forget(partitions);
            dropBacklog(partitions);
        }

        /** Fetched tasks not started on partitions now another worker's: that worker runs them. */
        private void dropBacklog(Collection<TopicPartition> partitions) {
            int before = backlog.size();
            backlog.removeIf(record -> partitions.contains(new TopicPartition(record.topic(), record.partition())));
            metrics.queued(backlog.size() - before);
        }
    }
}
