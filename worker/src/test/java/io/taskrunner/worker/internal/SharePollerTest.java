package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.worker.WorkerMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.testing.Await;
import io.taskrunner.core.protocol.LongTaskFinished;
import io.taskrunner.core.protocol.ProtocolCodec;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class SharePollerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Records every acknowledgement and the thread that gave it. */
    private static final class RecordingConsumer extends MockShareConsumer<String, byte[]> {
        final Map<Long, AcknowledgeType> acknowledged = new ConcurrentHashMap<>();
        final Map<Long, String> threads = new ConcurrentHashMap<>();

        @Override
        public synchronized void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
            acknowledged.put(record.offset(), type);
            threads.put(record.offset(), Thread.currentThread().getName());
        }
    }

    @Test
    void queuesWhatItFetchesAndAcknowledgesOnItsOwnThreadWhatRunnersReport() throws Exception {
        RecordingConsumer consumer = new RecordingConsumer();
        consumer.subscribe(List.of("tasks"));
        for (long offset = 0; offset < 3; offset++) {
            consumer.addRecord(new ConsumerRecord<>("tasks", 0, offset, null, new byte[0]));
        }
        IntakePolicy policy = new IntakePolicy(2, 100, Duration.ofMillis(250));
        TaskDispatch dispatch = new TaskDispatch(policy, 2);
        SharePoller poller = new SharePoller(() -> consumer, "tasks", dispatch, IntakePolicy.Lane.NARROW, Duration.ofMillis(10),
                Duration.ofSeconds(30), WorkerMetrics.inMemory(), null);
        Thread thread = new Thread(poller, "poller-under-test");
        thread.start();

        // A narrow poller takes what one poll brings (the mock hands over all three) and waits for them.
        QueuedTask first = dispatch.take();
        QueuedTask second = dispatch.take();
        QueuedTask third = dispatch.take();
        first.owner().acknowledge(first.record(), AcknowledgeType.ACCEPT);
        second.owner().acknowledge(second.record(), AcknowledgeType.REJECT);
        third.owner().acknowledge(third.record(), AcknowledgeType.RELEASE);
        Await.until("three acknowledgements", WAIT, () -> consumer.acknowledged.size() == 3);
        poller.stop();
        dispatch.stop();
        thread.join(10_000);

        assertThat(consumer.acknowledged).containsExactlyInAnyOrderEntriesOf(Map.of(
                0L, AcknowledgeType.ACCEPT, 1L, AcknowledgeType.REJECT, 2L, AcknowledgeType.RELEASE));
        assertThat(consumer.threads.values()).containsOnly("poller-under-test");
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void aBatchPollerJoinsOnlyOnceTheWorkerHasStartedATaskAndBeforeItsLaneIsChosen() throws Exception {
        AtomicInteger made = new AtomicInteger();
        TaskDispatch dispatch = new TaskDispatch(new IntakePolicy(2, 100, Duration.ofMillis(250)), 2);
        // A new worker fetches narrow until it has measured its tasks: the wide lane's turn does not come here.
        SharePoller poller = new SharePoller(() -> {
            made.incrementAndGet();
            return new RecordingConsumer();
        }, "tasks", dispatch, IntakePolicy.Lane.WIDE, Duration.ofMillis(10), Duration.ofSeconds(30),
                WorkerMetrics.inMemory(), null);
        Thread thread = new Thread(poller, "poller-under-test");
        thread.start();
        Await.until("the poller waiting for the first task", WAIT, () -> thread.getState() == Thread.State.WAITING);
        assertThat(made).hasValue(0);

        dispatch.enqueue(List.of(new QueuedTask(new ConsumerRecord<>("tasks", 0, 0L, null, new byte[0]), null)));
        dispatch.take();

        Await.until("the poller's consumer made", WAIT, () -> made.get() == 1);
        poller.stop();
        dispatch.stop();
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(made).hasValue(1);
    }

    @Test
    void aTaskStillRunningWhenItsLockNeedsRenewingIsMovedToTheLaneAndAnnouncedWhenDone() throws Exception {
        RecordingConsumer consumer = new RecordingConsumer();
        consumer.subscribe(List.of("tasks"));
        consumer.addRecord(new ConsumerRecord<>("tasks", 0, 0L, "k", "{}".getBytes()));
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        Topics topics = Topics.defaults();
        LongTaskLane lane = new LongTaskLane(producer, topics, "host:1", new ProtocolCodec(), Clock.systemUTC(),
                WorkerMetrics.inMemory());
        TaskDispatch dispatch = new TaskDispatch(new IntakePolicy(2, 100, Duration.ofMillis(250)), 2);
        // A 1 s lock: the poller acts on it after half of that.
        SharePoller poller = new SharePoller(() -> consumer, "tasks", dispatch, IntakePolicy.Lane.NARROW, Duration.ofMillis(10),
                Duration.ofSeconds(1), WorkerMetrics.inMemory(), lane);
        Thread thread = new Thread(poller, "poller-under-test");
        thread.start();

        QueuedTask task = dispatch.take();
        task.owner().started(task.record());
        Await.until("the record acknowledged", WAIT, () -> consumer.acknowledged.get(0L) == AcknowledgeType.ACCEPT);
        assertThat(producer.history()).singleElement().satisfies(copy -> {
            assertThat(copy.topic()).isEqualTo(topics.longTasks());
            assertThat(new String(copy.headers().lastHeader(LongTaskLane.HEADER_ORIGIN).value()))
                    .isEqualTo("tasks-0@0");
            assertThat(new String(copy.headers().lastHeader(LongTaskLane.HEADER_OWNER).value())).isEqualTo("host:1");
        });

        task.owner().acknowledge(task.record(), AcknowledgeType.ACCEPT);
        Await.until("the finished notice sent", WAIT, () -> producer.history().size() == 2);
        poller.stop();
        dispatch.stop();
        thread.join(10_000);

        assertThat(producer.history().get(1).topic()).isEqualTo(topics.control());
        assertThat(new ProtocolCodec().decodeControl(producer.history().get(1).value()))
                .isEqualTo(LongTaskFinished.of("tasks-0@0", ((LongTaskFinished) new ProtocolCodec()
                        .decodeControl(producer.history().get(1).value())).finishedAt()));
    }

    @Test
    void aRecordStillQueuedWhenItsLockNeedsRenewingIsRenewedNotMovedNorReleased() throws Exception {
        RecordingConsumer consumer = new RecordingConsumer();
        consumer.subscribe(List.of("tasks"));
        consumer.addRecord(new ConsumerRecord<>("tasks", 0, 0L, "k", "{}".getBytes()));
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer());
        LongTaskLane lane = new LongTaskLane(producer, Topics.defaults(), "host:1", new ProtocolCodec(),
                Clock.systemUTC(), WorkerMetrics.inMemory());
        TaskDispatch dispatch = new TaskDispatch(new IntakePolicy(2, 100, Duration.ofMillis(250)), 2);
        SharePoller poller = new SharePoller(() -> consumer, "tasks", dispatch, IntakePolicy.Lane.NARROW, Duration.ofMillis(10),
                Duration.ofSeconds(1), WorkerMetrics.inMemory(), lane);
        Thread thread = new Thread(poller, "poller-under-test");
        thread.start();

        // No runner takes it: the record waits in the queue past half its lock.
        Await.until("the record renewed", WAIT, () -> consumer.acknowledged.get(0L) == AcknowledgeType.RENEW);
        thread.interrupt();
        thread.join(10_000);

        assertThat(producer.history()).as("nothing moved to the lane").isEmpty();
        assertThat(consumer.acknowledged).containsExactlyEntriesOf(Map.of(0L, AcknowledgeType.RENEW));
    }
}
