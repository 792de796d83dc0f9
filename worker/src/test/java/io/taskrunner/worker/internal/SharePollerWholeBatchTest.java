package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.testing.Await;
import io.taskrunner.worker.WorkerMetrics;
import io.taskrunner.worker.internal.IntakePolicy.Lane;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A wide-lane poller, whose consumer acquires whole producer batches ({@code batch_optimized}) and so may hold
 * more records than its poll returned: those are polled and run, never left locked in the consumer.
 */
class SharePollerWholeBatchTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int LIMIT = 2;

    /**
     * A batch-optimized consumer whose last fetch acquired every record given: a poll returns LIMIT at most of
     * them; once none is left, a poll returns the records renewed since (as the broker hands them back).
     */
    private static final class BufferingConsumer extends MockShareConsumer<String, byte[]> {
        final Map<Long, AcknowledgeType> acknowledged = new ConcurrentHashMap<>();
        final List<AcknowledgeType> types = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final ArrayDeque<ConsumerRecord<String, byte[]>> acquired = new ArrayDeque<>();
        private final List<ConsumerRecord<String, byte[]>> renewed = new ArrayList<>();

        BufferingConsumer(int records) {
            for (long offset = 0; offset < records; offset++) {
                acquired.add(new ConsumerRecord<>("tasks", 0, offset, null, new byte[0]));
            }
        }

        @Override
        public synchronized ConsumerRecords<String, byte[]> poll(Duration timeout) {
            List<ConsumerRecord<String, byte[]>> returned = new ArrayList<>();
            while (returned.size() < LIMIT && !acquired.isEmpty()) {
                returned.add(acquired.poll());
            }
            if (returned.isEmpty()) {
                returned.addAll(renewed);
                renewed.clear();
            }
            if (returned.isEmpty()) {
                try {
                    wait(timeout.toMillis()); // a poll with nothing to return blocks for its timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ConsumerRecords<>(Map.of(), Map.of());
            }
            return new ConsumerRecords<>(Map.of(new TopicPartition("tasks", 0), returned), Map.of());
        }

        @Override
        public synchronized void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
            acknowledged.put(record.offset(), type);
            types.add(type);
            if (type == AcknowledgeType.RENEW) {
                renewed.add(record);
            }
        }
    }

    /** A dispatch whose policy has chosen the wide lane: 16 quick tasks measured. */
    private static TaskDispatch wideDispatch() throws InterruptedException {
        TaskDispatch dispatch = new TaskDispatch(new IntakePolicy(2, LIMIT, Duration.ofMillis(250)), 2);
        for (int i = 0; i < IntakePolicy.WARM_UP; i++) {
            dispatch.enqueue(List.of(new QueuedTask(new ConsumerRecord<>("warm-up", 0, i, null, new byte[0]), null)));
            dispatch.take();
            dispatch.finished(TimeUnit.MICROSECONDS.toNanos(10));
        }
        assertThat(dispatch.queued()).isZero();
        return dispatch;
    }

    /** A wide poller on its own thread, whose consumer holds 3 records, 2 to a poll, in a wide-lane dispatch. */
    private record Running(BufferingConsumer consumer, TaskDispatch dispatch, SharePoller poller, Thread thread) {
        static Running start(Duration lock) throws InterruptedException {
            BufferingConsumer consumer = new BufferingConsumer(3);
            TaskDispatch dispatch = wideDispatch();
            SharePoller poller = new SharePoller(() -> consumer, "tasks", dispatch, Lane.WIDE, LIMIT,
                    Duration.ofMillis(10), lock, WorkerMetrics.inMemory(), null);
            Thread thread = new Thread(poller, "poller-under-test");
            thread.start();
            return new Running(consumer, dispatch, poller, thread);
        }

        /** The records of the first poll, as runners take them. */
        List<QueuedTask> takeFirstPoll() throws InterruptedException {
            return List.of(takeQueued(dispatch, "the first record queued"),
                    takeQueued(dispatch, "the second record queued"));
        }

        void stop() throws InterruptedException {
            poller.stop();
            dispatch.stop();
            thread.join(10_000);
        }
    }

    private static QueuedTask takeQueued(TaskDispatch dispatch, String what) throws InterruptedException {
        Await.until(what, WAIT, () -> dispatch.queued() > 0);
        return dispatch.take();
    }

    @Test
    void whatTheConsumerStillHoldsIsPolledOnceTheBatchIsAcknowledgedThoughTheLaneHasChangedMeanwhile()
            throws Exception {
        Running running = Running.start(Duration.ofSeconds(30));
        List<QueuedTask> firstPoll = running.takeFirstPoll();
        // Slow tasks: the policy leaves the wide lane, so no wide turn comes again.
        running.dispatch().finished(TimeUnit.SECONDS.toNanos(10));
        running.dispatch().finished(TimeUnit.SECONDS.toNanos(10));
        firstPoll.forEach(task -> task.owner().acknowledge(task.record(), AcknowledgeType.ACCEPT));

        QueuedTask third = takeQueued(running.dispatch(), "the record the consumer still held queued");
        assertThat(third.record().offset()).isEqualTo(2);
        third.owner().acknowledge(third.record(), AcknowledgeType.ACCEPT);
        Await.until("three acknowledgements", WAIT, () -> running.consumer().acknowledged.size() == 3);
        running.stop();

        assertThat(running.consumer().acknowledged).containsOnlyKeys(0L, 1L, 2L);
        assertThat(running.consumer().acknowledged.values()).containsOnly(AcknowledgeType.ACCEPT);
        assertThat(running.thread().isAlive()).isFalse();
    }

    @Test
    void aStoppingWorkerRunsWhatTheConsumerStillHoldsBeforeItsRunnersEnd() throws Exception {
        Running running = Running.start(Duration.ofSeconds(30));
        List<QueuedTask> firstPoll = running.takeFirstPoll();

        running.poller().stop();
        running.dispatch().stop();
        firstPoll.forEach(task -> task.owner().acknowledge(task.record(), AcknowledgeType.ACCEPT));
        // A runner asking for work now is given the held record rather than told to end.
        QueuedTask third = running.dispatch().take();
        assertThat(third).isNotNull();
        assertThat(third.record().offset()).isEqualTo(2);
        third.owner().acknowledge(third.record(), AcknowledgeType.ACCEPT);
        running.thread().join(10_000);

        assertThat(running.thread().isAlive()).isFalse();
        assertThat(running.dispatch().take()).as("nothing more: the runners end").isNull();
        assertThat(running.consumer().acknowledged).containsOnlyKeys(0L, 1L, 2L);
        assertThat(running.consumer().acknowledged.values()).containsOnly(AcknowledgeType.ACCEPT);
    }

    @Test
    void aRecordTheConsumerStillHeldWhenTheBatchNeededRenewingIsRenewedWithItAndRunNotReleased() throws Exception {
        // A 1 s lock: renewed after half of that, while no runner has taken the first two records.
        Running running = Running.start(Duration.ofSeconds(1));
        TaskDispatch dispatch = running.dispatch();

        Await.until("all three records queued, the third after the renewal", WAIT, () -> dispatch.queued() == 3);
        List<QueuedTask> tasks = List.of(dispatch.take(), dispatch.take(), dispatch.take());
        assertThat(tasks).extracting(task -> task.record().offset()).containsExactly(0L, 1L, 2L);
        tasks.forEach(task -> task.owner().acknowledge(task.record(), AcknowledgeType.ACCEPT));
        Await.until("three records accepted", WAIT, () -> running.consumer().acknowledged.values().stream()
                .filter(type -> type == AcknowledgeType.ACCEPT).count() == 3);
        running.stop();

        assertThat(running.thread().isAlive()).isFalse();
        assertThat(running.consumer().types).contains(AcknowledgeType.RENEW).doesNotContain(AcknowledgeType.RELEASE);
        assertThat(running.consumer().acknowledged.values()).containsOnly(AcknowledgeType.ACCEPT);
    }
}
