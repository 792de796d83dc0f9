package io.taskrunner.worker.internal;

import io.taskrunner.worker.WorkerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One share consumer of a worker, on its own thread: fetches when {@link TaskDispatch} gives it a turn,
 * queues what it fetched for the runners, and acknowledges each record once the runner that ran it reports
 * its result written ({@link #acknowledge}, from any thread; the consumer itself is touched only here).
 *
 * <p>A share consumer in explicit mode fetches again only after every record of its last fetch is
 * acknowledged, so a poller waits for its whole batch; the worker runs several so that one waiting for a
 * slow task does not stop the intake. Acknowledgements are sent every {@value #COMMIT_EVERY_MS} ms while
 * the batch is still running, so finished records never wait for the slowest. When records are held past
 * half their lock, {@link LockUpkeep} moves the running ones to the long-task lane and renews the rest.
 *
 * <p>A consumer that acquires whole producer batches ({@code batch_optimized}, the wide lane) may hold more
 * records than its poll returned: a poll returns {@code max.poll.records} at most, and the rest of the fetch
 * waits, locked, in the consumer. A poll that returned the whole limit is therefore followed by another as
 * soon as its batch is acknowledged, whatever the turn and even while stopping, until a poll returns less
 * (the consumer then holds nothing more): the held records are run, never left to lapse or be released.
 */
public final class SharePoller implements Runnable, QueuedTask.Acknowledger {
    private static final Logger log = LoggerFactory.getLogger(SharePoller.class);
    /**
     * Acknowledgements of a batch still running are sent this often; the last ones of a batch are sent before
     * the poller waits for its next turn. Each acknowledgement request costs the broker a share-state write:
     * every 20 ms, a pipeline at ~30,000 tasks/s spent ~19 s of broker CPU per million tasks, every 200 ms
     * ~14.5 s (docs/PERFORMANCE.md).
     * A worker killed with acknowledgements unsent has those tasks run again: at most this long of its work.
     */
    public static final long COMMIT_EVERY_MS = 200;

    private final Supplier<ShareConsumer<String, byte[]>> consumers;
    /** Made as {@link #run()} describes. Poller thread only. */
    private ShareConsumer<String, byte[]> consumer;
    private final String topic;
    private final TaskDispatch dispatch;
    private final IntakePolicy.Lane fetchLane;
    /** {@code max.poll.records} of a consumer acquiring whole batches; 0 for one that takes no more than that. */
    private final int wholeBatchLimit;
    /**
     * The last poll returned {@link #wholeBatchLimit} records, so the consumer may hold more: polled next,
     * with the fetch still counted in {@link TaskDispatch} so the runners wait for what it brings.
     */
    private boolean mayHoldMore;
    private final Duration pollTimeout;
    private final Duration lockDuration;
    private final WorkerMetrics metrics;
    private final LockUpkeep locks;
    private final BlockingQueue<Ack> inbox = new LinkedBlockingQueue<>();
    /** Fetched and not yet acknowledged. Poller thread only. */
    private final Map<RecordKey, ConsumerRecord<String, byte[]>> held = new HashMap<>();
    private volatile boolean stopping;
    private boolean unsentAcks;
    private long lastCommit;
    /** When the locks of the held records were taken (fetched together) or last renewed (together). */
    private long lockedAt;

    private record Ack(RecordKey key, AcknowledgeType type) {
    }

    /** A poller whose consumer takes no more records a fetch than a poll returns ({@code record_limit}). */
    public SharePoller(Supplier<ShareConsumer<String, byte[]>> consumers, String topic, TaskDispatch dispatch,
                       IntakePolicy.Lane fetchLane,
                       Duration pollTimeout, Duration lockDuration, WorkerMetrics metrics, LongTaskLane lane) {
        this(consumers, topic, dispatch, fetchLane, 0, pollTimeout, lockDuration, metrics, lane);
    }

    /**
     * @param consumers       makes this poller's consumer, on the poller's thread
     * @param fetchLane       the lane of {@link IntakePolicy} this poller fetches for
     * @param wholeBatchLimit the consumer's {@code max.poll.records} if it acquires whole batches
     *                        ({@code batch_optimized}), else 0; see the class description
     * @param lane            where a task still running when its lock needs renewing is moved; null to renew its lock
     */
    public SharePoller(Supplier<ShareConsumer<String, byte[]>> consumers, String topic, TaskDispatch dispatch,
                       IntakePolicy.Lane fetchLane, int wholeBatchLimit,
                       Duration pollTimeout, Duration lockDuration, WorkerMetrics metrics, LongTaskLane lane) {
        if (wholeBatchLimit < 0) {
            throw new IllegalArgumentException("wholeBatchLimit must be >= 0, was " + wholeBatchLimit);
        }
        this.locks = new LockUpkeep(lane, dispatch, metrics, wholeBatchLimit > 0);
        this.consumers = consumers;
        this.topic = topic;
        this.dispatch = dispatch;
        this.fetchLane = fetchLane;
        this.wholeBatchLimit = wholeBatchLimit;
        this.pollTimeout = pollTimeout;
        this.lockDuration = lockDuration;
        this.metrics = metrics;
    }

    /**
     * Takes a task's outcome from a runner (on the producer's thread): the poller acknowledges the record; a
     * task moved to the long-task lane has its outcome announced here and now (see {@link LongTaskLane}).
     */
    @Override
    public void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
        inbox.add(new Ack(locks.finished(record, type), type));
    }

    @Override
    public void started(ConsumerRecord<String, byte[]> record) {
        locks.started(RecordKey.of(record));
    }

    /** Stop fetching; {@link #run()} returns once the records it holds are acknowledged. */
    public void stop() {
        stopping = true;
    }

    /**
     * Fetches on the turns {@link TaskDispatch} gives until stopped. A narrow poller makes its consumer on its
     * first turn, right away in a new worker. A batch poller makes its consumer, and with it joins the group,
     * once the worker has started its first task: off the way to that task, and before the policy can choose
     * a batch lane (after {@link IntakePolicy#WARM_UP} tasks): a member that joined only when its lane is
     * chosen would leave the intake idle while it joins, as the other lanes' pollers stop fetching then.
     */
    @Override
    public void run() {
        try {
            if (fetchLane != IntakePolicy.Lane.NARROW) {
                dispatch.awaitFirstTask();
                if (!stopping) {
                    makeConsumer();
                }
            }
            while (true) {
                if (mayHoldMore) {
                    sendPendingAcknowledgements(); // no turn: the consumer holds records already acquired
                } else if (stopping || !awaitTurn()) {
                    break;
                }
                fetchSome();
                awaitAcknowledgements();
            }
            awaitAcknowledgements();
        } catch (InterruptedException e) {
            log.info("Abandoning {} task records for redelivery", held.size());
        } finally {
            if (mayHoldMore) {
                dispatch.fetchDone(fetchLane); // the runners wait for no more from here
            }
            // close() sends the acknowledgements given and releases what is still held.
            metrics.queued(-held.size());
            if (consumer != null) {
                ShareConsumers.closeLeavingGroup(consumer);
            }
        }
    }

    /**
     * Sends the acknowledgements held, then waits for a turn to fetch. Not left to ride on the next fetch: the
     * broker answers a fetch that carries acknowledgements only once their share-state write is done, so the
     * records that fetch takes would wait for it too (p99 latency at 10,000 tasks/s rose from ~18-22 ms to
     * ~26-32 ms between task submission and start when they rode along; docs/ARCHITECTURE.md).
     */
    private boolean awaitTurn() throws InterruptedException {
        sendPendingAcknowledgements();
        return dispatch.awaitTurn(fetchLane);
    }

    private void sendPendingAcknowledgements() {
        if (unsentAcks) {
            sendAcknowledgements();
        }
    }

    /**
     * Polls until a poll brings records (or the worker stops). A poll that ends empty may leave a fetch in
     * flight whose records would then sit, locked, in the consumer's buffer while the poller waits for its
     * next turn, pinning the share partition's window; a poll that brings records has none in flight.
     */
    private void fetchSome() {
        int fetched = 0;
        try {
            if (consumer == null) {
                makeConsumer();
            }
            while ((fetched = fetch()) == 0 && !stopping) {
                // keep polling: see above
            }
        } finally {
            mayHoldMore = wholeBatchLimit > 0 && fetched >= wholeBatchLimit;
            if (!mayHoldMore) {
                dispatch.fetchDone(fetchLane);
            }
        }
    }

    private void makeConsumer() {
        consumer = consumers.get();
        consumer.subscribe(List.of(topic));
    }

    private int fetch() {
        List<QueuedTask> fetched = new ArrayList<>();
        lockedAt = System.nanoTime();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout)) {
            held.put(RecordKey.of(record), record);
            fetched.add(new QueuedTask(record, this));
        }
        metrics.queued(fetched.size());
        dispatch.enqueue(fetched);
        return fetched.size();
    }

    /** Applies acknowledgements as runners report them until nothing fetched is held. */
    private void awaitAcknowledgements() throws InterruptedException {
        if (held.isEmpty()) {
            return;
        }
        long renewAfterNanos = lockInterval().toNanos();
        while (!held.isEmpty()) {
            long renewIn = lockedAt + renewAfterNanos - System.nanoTime();
            Ack ack = inbox.poll(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(renewIn), COMMIT_EVERY_MS)),
                    TimeUnit.MILLISECONDS);
            if (ack != null) {
                apply(ack);
                while ((ack = inbox.poll()) != null) {
                    apply(ack);
                }
            }
            if (held.isEmpty()) {
                return; // sent before waiting for the next turn
            }
            if (unsentAcks && System.currentTimeMillis() - lastCommit >= COMMIT_EVERY_MS) {
                sendAcknowledgements();
            }
            if (System.nanoTime() - lockedAt >= renewAfterNanos) {
                unsentAcks |= locks.moveRunningAside(consumer, held) > 0;
                if (held.isEmpty()) {
                    sendAcknowledgements();
                } else {
                    renewHeld();
                }
            }
        }
    }

    private void sendAcknowledgements() {
        consumer.commitAsync();
        unsentAcks = false;
        lastCommit = System.currentTimeMillis();
    }

    private void apply(Ack ack) {
        locks.forget(ack.key());
        ConsumerRecord<String, byte[]> done = held.remove(ack.key());
        if (done == null) {
            return; // moved to the lane, its record acknowledged then
        }
        consumer.acknowledge(done, ack.type());
        metrics.queued(-1);
        unsentAcks = true;
    }

    /** Renews the locks of the held records (see {@link LockUpkeep#renew}); the polls carry the acknowledgements. */
    private void renewHeld() throws InterruptedException {
        lockedAt = System.nanoTime();
        locks.renew(consumer, held, this);
        unsentAcks = false;
        lastCommit = System.currentTimeMillis();
    }

    private Duration lockInterval() {
        Optional<Integer> brokerLock = consumer.acquisitionLockTimeoutMs();
        long lockMs = brokerLock.map(Integer::longValue).orElse(lockDuration.toMillis());
        return Duration.ofMillis(Math.max(200, lockMs / 2));
    }
}
