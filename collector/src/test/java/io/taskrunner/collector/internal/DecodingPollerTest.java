package io.taskrunner.collector.internal;

import static io.taskrunner.collector.ResultFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.RunStarted;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DecodingPollerTest {
    private static final TopicPartition PARTITION = new TopicPartition("results", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ProtocolCodec codec = new ProtocolCodec();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

    DecodingPollerTest() {
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    }

    @Test
    void handsOverTheRunsDecodedRecordsInOrderAndPassesOverOthers() {
        consumer.addRecord(record(0, "r", codec.encode(ok("r", 0))));
        consumer.addRecord(record(1, "other", codec.encode(ok("other", 0))));
        consumer.addRecord(record(2, "r", "not json".getBytes(StandardCharsets.UTF_8)));
        consumer.addRecord(record(3, "r", codec.encode(ok("r", 1))));

        try (DecodingPoller poller = new DecodingPoller(consumer, "r", codec, Duration.ofMillis(10), StartWatch.NONE)) {
            poller.start();
            DecodingPoller.Batch batch = nextNonEmpty(poller);

            assertThat(batch.lastOffset()).isEqualTo(3);
            assertThat(batch.records()).extracting(DecodingPoller.Decoded::offset).containsExactly(0L, 3L);
            assertThat(batch.records()).extracting(d -> ((ResultMessage) d.message()).seq()).containsExactly(0L, 1L);
            assertThat(batch.records().get(0).encodedSize()).isEqualTo(codec.encode(ok("r", 0)).length);
        }
    }

    @Test
    void aResultWithoutAUsableSeqIsSkippedNotFiledAsAnotherTask() {
        String result = "{\"v\":1,\"kind\":\"result\",\"id\":\"x\",\"run\":\"r\",\"status\":\"SUCCEEDED\"";
        consumer.addRecord(record(0, "r", (result + "}").getBytes(StandardCharsets.UTF_8)));
        consumer.addRecord(record(1, "r", (result + ",\"seq\":2147483647}").getBytes(StandardCharsets.UTF_8)));
        consumer.addRecord(record(2, "r", codec.encode(ok("r", 0))));

        try (DecodingPoller poller = new DecodingPoller(consumer, "r", codec, Duration.ofMillis(10), StartWatch.NONE)) {
            poller.start();
            DecodingPoller.Batch batch = nextNonEmpty(poller);

            assertThat(batch.lastOffset()).isEqualTo(2);
            assertThat(batch.records()).extracting(DecodingPoller.Decoded::offset).containsExactly(2L);
        }
    }

    @Test
    void anEmptyBatchWhenNothingCameInTime() {
        try (DecodingPoller poller = new DecodingPoller(consumer, "r", codec, Duration.ofMillis(10), StartWatch.NONE)) {
            poller.start();

            DecodingPoller.Batch batch = poller.next(Duration.ofMillis(50));

            assertThat(batch.records()).isEmpty();
            assertThat(batch.lastOffset()).isEqualTo(-1);
        }
    }

    @Test
    void aKafkaErrorOfThePollingThreadReachesTheCaller() {
        consumer.setPollException(new KafkaException("broker says no"));

        try (DecodingPoller poller = new DecodingPoller(consumer, "r", codec, Duration.ofMillis(10), StartWatch.NONE)) {
            poller.start();

            assertThatThrownBy(() -> {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    poller.next(Duration.ofMillis(50));
                }
            }).isInstanceOf(KafkaException.class).hasMessage("broker says no");
        }
    }

    @Test
    void closeStopsThePollingThreadAndGivesTheConsumerBack() {
        List<Long> seen = new ArrayList<>();
        DecodingPoller poller = new DecodingPoller(consumer, "r", codec, Duration.ofMillis(10), StartWatch.NONE);
        poller.start();
        consumer.addRecord(record(0, "r", codec.encode(ok("r", 0))));
        nextNonEmpty(poller).records().forEach(d -> seen.add(d.offset()));

        poller.close();

        assertThat(seen).containsExactly(0L);
        assertThat(consumer.position(PARTITION)).isEqualTo(1); // usable from this thread again
    }

    @Test
    void aNoticeOfTheRunsStartMovesThePartitionUpToItAndLetsTheControlTopicGo() {
        TopicPartition control = new TopicPartition("control", 0);
        consumer.assign(List.of(PARTITION, control));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L, control, 0L));
        consumer.seek(PARTITION, 0);
        consumer.seek(control, 0);
        consumer.addRecord(record(0, "r", codec.encode(ok("r", 0)))); // an earlier run of the same id
        consumer.addRecord(record(1, "other", codec.encode(ok("other", 0))));
        consumer.addRecord(new ConsumerRecord<>("control", 0, 0, "r", codec.encode(RunStarted.of("r", 0, 5, 1))));
        StartWatch watch = new StartWatch(PARTITION, List.of(control), "r", codec);

        try (DecodingPoller poller = new DecodingPoller(consumer, "r", codec, Duration.ofMillis(10), watch)) {
            poller.start();
            DecodingPoller.Batch first = poller.next(WAIT);
            assertThat(first.records()).isEmpty(); // both lie before the run's start
            assertThat(first.lastOffset()).isEqualTo(1);
            consumer.addRecord(record(5, "r", codec.encode(ok("r", 0))));

            DecodingPoller.Batch second = nextNonEmpty(poller);

            assertThat(second.records()).extracting(DecodingPoller.Decoded::offset).containsExactly(5L);
        }
        assertThat(consumer.assignment()).containsExactly(PARTITION);
    }

    private static DecodingPoller.Batch nextNonEmpty(DecodingPoller poller) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            DecodingPoller.Batch batch = poller.next(Duration.ofMillis(50));
            if (!batch.records().isEmpty()) {
                return batch;
            }
        }
        throw new AssertionError("no records handed over in " + WAIT);
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String run, byte[] value) {
        return new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset, run, value);
    }
}
