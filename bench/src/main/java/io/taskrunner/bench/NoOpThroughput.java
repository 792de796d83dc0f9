package io.taskrunner.bench;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.testing.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Scenario 1: no-op tasks with 200-byte payloads through one worker process, against a bare Kafka pipe
 * (consume, produce the same bytes, commit) on the same broker with the same record sizes and producer
 * settings. Throughput is measured from broker-side record timestamps of the first and last output
 * record, so start-up is not counted for either.
 */
final class NoOpThroughput {
    private static final String PAYLOAD = "x".repeat(200);

    private final String bootstrap;
    private final Path dir;
    private final int tasks;
    private final int concurrency;

    NoOpThroughput(String bootstrap, Path dir, int tasks, int concurrency) {
        this.bootstrap = bootstrap;
        this.dir = dir;
        this.tasks = tasks;
        this.concurrency = concurrency;
    }

    /** Tasks per second of one taskrunner worker process running {@code echo} tasks. */
    double taskrunner(int repetition) throws Exception {
        KafkaClients clients = new KafkaClients(KafkaSettings.of(bootstrap));
        Topics topics = Topics.defaults().withPrefix("bench-tr-" + repetition + ".");
        clients.ensureTopics(topics);
        ProtocolCodec codec = new ProtocolCodec();
        try (KafkaProducer<String, byte[]> producer = clients.producer("bench-submit", Map.of("linger.ms", 5))) {
            Sends sends = new Sends();
            for (int seq = 0; seq < tasks; seq++) {
                producer.send(new ProducerRecord<>(topics.tasks(), String.valueOf(seq), codec.encode(TaskMessage.first(
                        String.valueOf(seq), "bench", seq, "echo", codec.mapper().valueToTree(PAYLOAD), 0L))), sends);
            }
            producer.flush();
            sends.check("submitting tasks");
        }
        String group = "bench-workers-" + repetition;
        try (TaskrunnerProcess worker = TaskrunnerProcess.start(dir, "worker-" + repetition, "worker",
                "--bootstrap-servers", bootstrap, "--tasks-topic", topics.tasks(), "--results-topic", topics.results(),
                "--dead-letter-topic", topics.deadLetters(), "--control-topic", topics.control(), "--group", group,
                "--concurrency", "" + concurrency)) {
            List<ConsumerRecord<String, byte[]>> results = new TopicReader(clients)
                    .readAtLeast(topics.results(), tasks, Duration.ofMinutes(10));
            if (results.size() < tasks) {
                throw new IllegalStateException("only " + results.size() + " of " + tasks + " results");
            }
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (ConsumerRecord<String, byte[]> record : results) {
                ResultMessage result = (ResultMessage) codec.decodeResultsTopic(record.value());
                first = Math.min(first, result.finishedAt());
                last = Math.max(last, record.timestamp());
            }
            return rate(tasks, first, last);
        }
    }

    /** Records per second of a plain consume-produce-commit loop with the same sizes and producer settings. */
    double barePipe(int repetition) throws Exception {
        KafkaClients clients = new KafkaClients(KafkaSettings.of(bootstrap));
        String in = "bench-pipe-" + repetition + ".in";
        String out = "bench-pipe-" + repetition + ".out";
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(in, 1, (short) -1), new NewTopic(out, 6, (short) -1))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        ProtocolCodec codec = new ProtocolCodec();
        byte[] value = codec.encode(TaskMessage.first("0", "bench", 0, "echo", codec.mapper().valueToTree(PAYLOAD), 0L));
        try (KafkaProducer<String, byte[]> producer = clients.producer("bench-pipe-load", Map.of("linger.ms", 5))) {
            Sends sends = new Sends();
            for (int i = 0; i < tasks; i++) {
                producer.send(new ProducerRecord<>(in, String.valueOf(i), value), sends);
            }
            producer.flush();
            sends.check("loading the pipe's input");
        }
        long copied = 0;
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("bench-pipe", Map.of("group.id",
                "bench-pipe-" + repetition, "auto.offset.reset", "earliest", "group.protocol", "consumer"));
             KafkaProducer<String, byte[]> producer = clients.producer("bench-pipe-out", Map.of())) {
            consumer.subscribe(List.of(in));
            Sends sends = new Sends();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (copied < tasks && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> record : records) {
                    producer.send(new ProducerRecord<>(out, record.key(), record.value()), sends);
                    copied++;
                }
                if (!records.isEmpty()) {
                    producer.flush();
                    sends.check("the bare pipe");
                    Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
                    for (TopicPartition partition : records.partitions()) {
                        List<ConsumerRecord<String, byte[]>> part = records.records(partition);
                        offsets.put(partition, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
                    }
                    consumer.commitSync(offsets);
                }
            }
        }
        List<ConsumerRecord<String, byte[]>> output = new TopicReader(clients).readAtLeast(out, tasks,
                Duration.ofMinutes(2));
        long first = output.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        long last = output.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        return rate(tasks, first, last);
    }


    /** Remembers the first failed send, so a lost record stops the measurement instead of stalling it. */
    private static final class Sends implements org.apache.kafka.clients.producer.Callback {
        private volatile Exception failure;

        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception exception) {
            if (exception != null && failure == null) {
                failure = exception;
            }
        }

        void check(String what) {
            if (failure != null) {
                throw new IllegalStateException(what + " lost records: " + failure, failure);
            }
        }
    }

    private static double rate(int count, long firstMillis, long lastMillis) {
        return (count - 1) * 1000.0 / Math.max(1, lastMillis - firstMillis);
    }
}
