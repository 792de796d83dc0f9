package io.taskrunner.bench;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.testing.ShareGroups;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.testing.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Scenario 3: seeded sleep tasks on W worker processes of C slots each; makespan against the ideal
 * Σ durations ÷ (W·C). Workers start and join their group before any task is submitted, so start-up is not
 * counted; makespan runs from the first task's start to the last result, by the workers' clocks (one
 * machine). The share source runs on its default of one tasks partition (more workers than partitions),
 * and once on {@link #CONSUMER_PARTITIONS}; the consumer source needs a partition per worker and gets
 * {@link #CONSUMER_PARTITIONS}.
 */
final class ScaleOut {
    static final int CONSUMER_PARTITIONS = 4;

    private final BenchCluster cluster;
    private final int tasks;
    private final int concurrency;
    private final long seed;
    private final ProtocolCodec codec = new ProtocolCodec();

    ScaleOut(BenchCluster cluster, int tasks, int concurrency, long seed) {
        this.cluster = cluster;
        this.tasks = tasks;
        this.concurrency = concurrency;
        this.seed = seed;
    }

    /** One measurement: makespan and ideal in ms. */
    record Makespan(double makespanMs, double idealMs) {
        double ratio() {
            return makespanMs / idealMs;
        }
    }

    Makespan run(String name, String source, int workers, int partitions) throws Exception {
        boolean share = source.equals("share");
        Topics base = Topics.defaults().withPrefix("bench-scale-" + name + ".");
        Topics topics = new Topics(base.tasks(), base.results(), base.deadLetters(), base.control(), partitions,
                base.resultPartitions());
        cluster.clients().ensureTopics(topics);
        String group = "bench-scale-" + name;
        List<TaskrunnerProcess> started = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                started.add(cluster.start("scale-" + name + "-" + w, "worker", topics, List.of("--group", group,
                        "--source", source, "--concurrency", "" + concurrency)));
            }
            for (TaskrunnerProcess worker : started) {
                BenchCluster.awaitRunning(worker);
            }
            if (share) {
                try (Admin admin = cluster.clients().admin()) {
                    ShareGroups.awaitAssignedMembers(admin, group, workers * concurrency, BenchCluster.START);
                }
            } else {
                cluster.awaitStableConsumerGroup(group, workers);
            }
            long totalMs = submit(topics.tasks());
            List<ConsumerRecord<String, byte[]>> records = new TopicReader(cluster.clients())
                    .readAtLeast(topics.results(), tasks, Duration.ofMinutes(10));
            long firstStart = Long.MAX_VALUE;
            long lastFinish = Long.MIN_VALUE;
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                if (codec.decodeResultsTopic(record.value()) instanceof ResultMessage result) {
                    ids.add(result.id());
                    firstStart = Math.min(firstStart, result.startedAt());
                    lastFinish = Math.max(lastFinish, result.finishedAt());
                }
            }
            if (ids.size() < tasks) {
                throw new IllegalStateException("only " + ids.size() + " of " + tasks + " tasks answered");
            }
            return new Makespan(lastFinish - firstStart, (double) totalMs / (workers * concurrency));
        } finally {
            started.forEach(TaskrunnerProcess::close);
        }
    }

    /** Submits the seeded tasks; returns the sum of their sleep durations. */
    private long submit(String topic) {
        Random random = new Random(seed);
        long total = 0;
        try (KafkaProducer<String, byte[]> producer = cluster.clients().producer("bench-scale-submit", Pipes.LOADER)) {
            Sends sends = new Sends();
            for (int i = 0; i < tasks; i++) {
                int ms = 50 + random.nextInt(201);
                total += ms;
                producer.send(new ProducerRecord<>(topic, String.valueOf(i), codec.encode(TaskMessage.first(
                        String.valueOf(i), "bench", i, "sleep", codec.mapper().createObjectNode().put("ms", ms),
                        System.currentTimeMillis()))), sends);
            }
            producer.flush();
            sends.check("submitting sleep tasks");
        }
        return total;
    }
}
