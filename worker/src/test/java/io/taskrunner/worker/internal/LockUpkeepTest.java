package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.LongTaskFinished;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.worker.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LockUpkeepTest {
    private final Map<Long, AcknowledgeType> acknowledged = new HashMap<>();
    private final MockShareConsumer<String, byte[]> consumer = new MockShareConsumer<>() {
        @Override
        public synchronized void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
            acknowledged.put(record.offset(), type);
        }
    };
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final Topics topics = Topics.defaults();
    private final LongTaskLane lane = new LongTaskLane(producer, topics, "host:1", new ProtocolCodec(),
            Clock.systemUTC(), WorkerMetrics.inMemory());
    private final TaskDispatch dispatch = new TaskDispatch(new IntakePolicy(2, 100, Duration.ofMillis(250)), 2);
    private final Map<RecordKey, ConsumerRecord<String, byte[]>> held = new HashMap<>();

    private ConsumerRecord<String, byte[]> hold(long offset) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("tasks", 0, offset, "k", "{}".getBytes());
        held.put(RecordKey.of(record), record);
        return record;
    }

    @Test
    void onlyStartedTasksAreMovedToTheLaneAndAcceptedTheQueuedStayHeld() {
        LockUpkeep locks = new LockUpkeep(lane, dispatch, WorkerMetrics.inMemory(), false);
        ConsumerRecord<String, byte[]> running = hold(0);
        ConsumerRecord<String, byte[]> queued = hold(1);
        locks.started(RecordKey.of(running));

        assertThat(locks.moveRunningAside(consumer, held)).isEqualTo(1);

        assertThat(held).containsOnlyKeys(RecordKey.of(queued));
        assertThat(acknowledged).containsExactlyEntriesOf(Map.of(0L, AcknowledgeType.ACCEPT));
        assertThat(producer.history()).singleElement().satisfies(copy ->
                assertThat(copy.topic()).isEqualTo(topics.longTasks()));
    }

    @Test
    void aMovedTaskIsAnnouncedFinishedOnceAndAHeldOneIsNot() {
        LockUpkeep locks = new LockUpkeep(lane, dispatch, WorkerMetrics.inMemory(), false);
        ConsumerRecord<String, byte[]> moved = hold(0);
        ConsumerRecord<String, byte[]> stillHeld = hold(1);
        locks.started(RecordKey.of(moved));
        locks.started(RecordKey.of(stillHeld));
        locks.forget(RecordKey.of(stillHeld)); // acknowledged by the poller before its lock was half spent
        locks.moveRunningAside(consumer, held);

        assertThat(locks.finished(moved, AcknowledgeType.ACCEPT)).isEqualTo(RecordKey.of(moved));
        assertThat(locks.finished(moved, AcknowledgeType.ACCEPT)).isEqualTo(RecordKey.of(moved));
        assertThat(locks.finished(stillHeld, AcknowledgeType.ACCEPT)).isEqualTo(RecordKey.of(stillHeld));
        lane.close(); // waits for the announcements, written on the lane's own thread

        List<String> control = producer.history().stream().filter(r -> r.topic().equals(topics.control()))
                .map(r -> ((LongTaskFinished) new ProtocolCodec().decodeControl(r.value())).origin()).toList();
        assertThat(control).containsExactly("tasks-0@0");
        assertThat(held).containsOnlyKeys(RecordKey.of(stillHeld));
    }

    @Test
    void withoutALaneNothingIsMoved() {
        LockUpkeep locks = new LockUpkeep(null, dispatch, WorkerMetrics.inMemory(), false);
        ConsumerRecord<String, byte[]> running = hold(0);
        locks.started(RecordKey.of(running));

        assertThat(locks.moveRunningAside(consumer, held)).isZero();

        assertThat(held).containsOnlyKeys(RecordKey.of(running));
        assertThat(acknowledged).isEmpty();
    }
}
