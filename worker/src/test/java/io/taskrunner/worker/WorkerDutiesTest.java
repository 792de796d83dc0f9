package io.taskrunner.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.WorkerStatus;
import io.taskrunner.testing.Await;
import io.taskrunner.worker.internal.BacklogProbe;
import io.taskrunner.worker.internal.LaneWatch;
import io.taskrunner.worker.internal.LongTaskLane;
import io.taskrunner.worker.internal.RunningTasks;
import io.taskrunner.worker.internal.StatusBeacon;
import io.taskrunner.worker.internal.WorkerLiveness;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.MockShareConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class WorkerDutiesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final ProtocolCodec codec = new ProtocolCodec();
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @Test
    void theDutiesStartAfterTheirDelayAndTheLastStatusSaysStopped() throws Exception {
        WorkerDuties duties = new WorkerDuties("h:9", beacon(new AtomicInteger()), null, () -> {
            throw new AssertionError("a consumer-source worker has no lane watch");
        }, admin -> null).start(Duration.ZERO);

        Await.until("a first status", TIMEOUT, () -> !producer.history().isEmpty());
        duties.close();

        byte[] last = producer.history().get(producer.history().size() - 1).value();
        assertThat(codec.decodeWorkerStatus(last).state()).isEqualTo(WorkerStatus.STOPPED);
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void dutiesClosedBeforeTheirStartNeverStart() {
        AtomicInteger producersMade = new AtomicInteger();

        new WorkerDuties("h:9", beacon(producersMade), null, () -> {
            throw new AssertionError("no lane watch may start");
        }, admin -> null).start(Duration.ofHours(1)).close();

        assertThat(producersMade).hasValue(0);
        assertThat(producer.history()).isEmpty();
    }

    /** A close that comes while the duties start waits for the start, then stops the lane watch it made. */
    @Test
    void aCloseDuringTheStartStopsWhatTheStartMade() throws Exception {
        CountDownLatch starting = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicBoolean watchSubscribed = new AtomicBoolean();
        AtomicBoolean watchClosed = new AtomicBoolean();
        MockShareConsumer<String, byte[]> laneConsumer = new MockShareConsumer<>() {
            @Override
            public synchronized void subscribe(java.util.Collection<String> topics) {
                watchSubscribed.set(true);
                super.subscribe(topics);
            }

            @Override
            public synchronized void close() {
                watchClosed.set(true);
                super.close();
            }
        };
        Admin laneAdmin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:1"));
        LongTaskLane lane = new LongTaskLane(producer, Topics.defaults(), "h:9", codec, Clock.systemUTC(),
                WorkerMetrics.inMemory());
        WorkerDuties duties = new WorkerDuties("h:9", beacon(new AtomicInteger()),
                new BacklogProbe(() -> {
                    throw new KafkaException("no broker here");
                }, "g", "t"),
                () -> {
                    starting.countDown();
                    awaitQuietly(goOn);
                    return laneAdmin;
                },
                admin -> new LaneWatch(() -> laneConsumer, "t.long", lane, new WorkerLiveness(admin, "g"), Set.of(),
                        "h:9", Duration.ofMillis(10)))
                .start(Duration.ZERO);
        assertThat(starting.await(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(duties::close, "closer");
        closer.start();
        Await.until("the close waiting for the start", TIMEOUT, () -> closer.getState() == Thread.State.BLOCKED);
        goOn.countDown();
        closer.join(TIMEOUT.toMillis());

        assertThat(closer.isAlive()).isFalse();
        assertThat(watchSubscribed).as("the lane watch ran").isTrue();
        assertThat(watchClosed).as("the lane watch's consumer closed").isTrue();
        lane.close();
    }

    private StatusBeacon beacon(AtomicInteger producersMade) {
        return new StatusBeacon(() -> {
            producersMade.incrementAndGet();
            return producer;
        }, "tasks.workers", "h:9", "g", 2, new RunningTasks(), codec, Clock.systemUTC());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
