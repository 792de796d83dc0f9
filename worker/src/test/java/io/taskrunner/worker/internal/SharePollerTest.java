package io.taskrunner.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.worker.WorkerMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.junit.jupiter.api.Test;

class SharePollerTest {
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
        TaskDispatch dispatch = new TaskDispatch(policy, 2, 10);
        SharePoller poller = new SharePoller(consumer, "tasks", dispatch, false, Duration.ofMillis(10),
                Duration.ofSeconds(30), WorkerMetrics.inMemory());
        Thread thread = new Thread(poller, "poller-under-test");
        thread.start();

        // A narrow poller takes what one poll brings (the mock hands over all three) and waits for them.
        QueuedTask first = dispatch.take();
        QueuedTask second = dispatch.take();
        QueuedTask third = dispatch.take();
        first.owner().acknowledge(first.record(), AcknowledgeType.ACCEPT);
        second.owner().acknowledge(second.record(), AcknowledgeType.REJECT);
        third.owner().acknowledge(third.record(), AcknowledgeType.RELEASE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consumer.acknowledged.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        poller.stop();
        dispatch.stop();
        thread.join(10_000);

        assertThat(consumer.acknowledged).containsExactlyInAnyOrderEntriesOf(Map.of(
                0L, AcknowledgeType.ACCEPT, 1L, AcknowledgeType.REJECT, 2L, AcknowledgeType.RELEASE));
        assertThat(consumer.threads.values()).containsOnly("poller-under-test");
        assertThat(thread.isAlive()).isFalse();
    }
}
