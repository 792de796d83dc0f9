package io.taskrunner.bench;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.testing.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What every copy-pipe baseline shares, so they differ only in the consume-produce loop under test: the
 * same topic layout (input of 1 partition, like taskrunner's tasks topic; output of 6), the same input
 * records (a {@link TaskMessage} with a 200-byte payload, as a worker would read it), and the same rate,
 * taken from broker timestamps of the output so start-up is not counted.
 */
final class Pipes {
    /** The payload of every benchmark task, taskrunner's and the baselines' alike. */
    static final String PAYLOAD = "x".repeat(200);

    /**
     * Settings of every producer that loads input before a measurement. One request in flight: a topic
     * created a moment ago may refuse the first batch (NOT_LEADER_OR_FOLLOWER) while accepting the next,
     * and the idempotent producer then fails the run with OUT_OF_ORDER_SEQUENCE_NUMBER (seen on Kafka 4.4).
     */
    static final Map<String, Object> LOADER = Map.of("linger.ms", 5, "max.in.flight.requests.per.connection", 1);

    private Pipes() {
    }

    /** Creates the input (1 partition) and output (6 partitions) topics; fails if either exists. */
    static void createTopics(KafkaClients clients, String in, String out) throws Exception {
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(in, 1, (short) -1), new NewTopic(out, 6, (short) -1))).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes {@code count} input records keyed {@code 0..count-1} to {@code topic}; returns once all are acknowledged. */
    static void load(KafkaClients clients, String clientId, String topic, int count) {
        ProtocolCodec codec = new ProtocolCodec();
        byte[] value = codec.encode(TaskMessage.first("0", "bench", 0, "echo", codec.mapper().valueToTree(PAYLOAD), 0L));
        try (KafkaProducer<String, byte[]> producer = clients.producer(clientId, LOADER)) {
            Sends sends = new Sends();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, String.valueOf(i), value), sends);
            }
            producer.flush();
            sends.check("loading " + topic);
        }
    }

    /**
     * The bare consume-produce-commit loop copying {@code count} preloaded records between topics of its own
     * named after {@code name}: records per second by the broker timestamps of its output, and the broker's CPU
     * time over the copy (the loading before it not counted).
     */
    static Throughput barePipe(BenchCluster cluster, String name, int count) throws Exception {
        String in = "bench-pipe-" + name + ".in";
        String out = "bench-pipe-" + name + ".out";
        createTopics(cluster.clients(), in, out);
        load(cluster.clients(), "bench-pipe-load", in, count);
        double cpuBefore = cluster.brokerCpuSeconds();
        new BarePipe(cluster.clients(), "bench-pipe-" + name, in, out).copy(count, Duration.ofMinutes(10));
        double cpu = cluster.brokerCpuSeconds() - cpuBefore;
        return new Throughput(outputRate(cluster.clients(), out, count), cpu);
    }

    /**
     * Records per second from the first to the last record of {@code topic} by broker timestamp; fails if
     * fewer than {@code count} records are there, since a rate over a partial output would look valid.
     */
    static double outputRate(KafkaClients clients, String topic, int count) {
        List<ConsumerRecord<String, byte[]>> output = new TopicReader(clients).readAtLeast(topic, count,
                Duration.ofMinutes(2));
        if (output.size() < count) {
            throw new IllegalStateException("only " + output.size() + " of " + count + " records on " + topic);
        }
        long first = output.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        long last = output.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        return rate(count, first, last);
    }

    static double rate(int count, long firstMillis, long lastMillis) {
        return (count - 1) * 1000.0 / Math.max(1, lastMillis - firstMillis);
    }
}
