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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
final class ScaleOut implements AutoCloseable {
    static final int CONSUMER_PARTITIONS = 4;

    private final BenchCluster cluster;
    private final int tasks;
    private final int concurrency;
    private final long seed;
    private final ProtocolCodec codec = new ProtocolCodec();
    /** Warm setups' workers, kept across runs until {@link #close}. */
    private final Map<String, List<TaskrunnerProcess>> kept = new HashMap<>();

    ScaleOut(BenchCluster cluster, int tasks, int concurrency, long seed) {
        this.cluster = cluster;
        this.tasks = tasks;
        this.concurrency = concurrency;
        this.seed = seed;
    }

    /** One measurement: makespan and ideal in ms, and where the slots' time went ({@link MakespanBreakdown}). */
    record Makespan(double makespanMs, double idealMs, String breakdown) {
        double ratio() {
            return makespanMs / idealMs;
        }
    }

    /**
     * One run of the seeded tasks, as run {@code name}, on {@code workers} workers of {@code source}. Cold: the
     * workers are started for this run (on topics of its own) and stopped after it. Warm: the workers of this
     * setup are started on its first run and kept for the next ones (on the setup's topics), so that only the
     * first run pays for their JVMs' start and compilation, as a long-running deployment would.
     */
    Makespan run(String name, String source, int workers, int partitions, boolean warm) throws Exception {
        String setup = source + "-" + workers + "-" + partitions;
        Topics base = Topics.defaults().withPrefix("bench-scale-" + (warm ? "warm-" + setup : name) + ".");
        Topics topics = new Topics(base.tasks(), base.results(), base.deadLetters(), base.control(), partitions,
                base.resultPartitions());
        List<TaskrunnerProcess> started = warm ? kept.get(setup) : null;
        if (started == null) {
            started = start(warm ? "warm-" + setup : name, topics, source, workers);
            if (warm) {
                kept.put(setup, started);
            }
        }
        try {
            return measure(name, topics, started);
        } finally {
            if (!warm) {
                started.forEach(TaskrunnerProcess::close);
            }
        }
    }

    private List<TaskrunnerProcess> start(String name, Topics topics, String source, int workers) throws Exception {
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
            if (source.equals("share")) {
                try (Admin admin = cluster.clients().admin()) {
                    ShareGroups.awaitAssignedMembers(admin, group, workers * concurrency, BenchCluster.START);
                }
            } else {
                cluster.awaitStableConsumerGroup(group, workers);
            }
            return started;
        } catch (Exception | Error e) {
            started.forEach(TaskrunnerProcess::close);
            throw e;
        }
    }

    private Makespan measure(String run, Topics topics, List<TaskrunnerProcess> workers) {
        double brokerCpu = cluster.brokerCpuSeconds();
        double workersCpu = workersCpuSeconds(workers);
        long[] asked = new long[tasks];
        long totalMs = submit(topics.tasks(), run, asked);
        Set<String> ids = new HashSet<>();
        MakespanBreakdown breakdown = new MakespanBreakdown(concurrency);
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        int[] read = {0};
        new TopicReader(cluster.clients()).readUntil(topics.results(), records -> {
            for (; read[0] < records.size(); read[0]++) {
                if (codec.decodeResultsTopic(records.get(read[0]).value()) instanceof ResultMessage result
                        && result.run().equals(run) && ids.add(result.id())) {
                    breakdown.add(new MakespanBreakdown.Task(result.worker(), result.startedAt(),
                            result.finishedAt(), asked[(int) result.seq()]));
                    span[0] = Math.min(span[0], result.startedAt());
                    span[1] = Math.max(span[1], result.finishedAt());
                }
            }
            return ids.size() >= tasks;
        }, Duration.ofMinutes(10));
        brokerCpu = cluster.brokerCpuSeconds() - brokerCpu;
        workersCpu = workersCpuSeconds(workers) - workersCpu;
        if (ids.size() < tasks) {
            throw new IllegalStateException("only " + ids.size() + " of " + tasks + " tasks of " + run + " answered");
        }
        return new Makespan(span[1] - span[0], (double) totalMs / (workers.size() * concurrency),
                String.format(Locale.ROOT, "%s; CPU s from submission to the last result read: broker %.2f, "
                        + "workers %.2f", breakdown.describe(), brokerCpu, workersCpu));
    }

    /** Stops the kept workers of a warm setup, if any. */
    void release(String source, int workers, int partitions) {
        List<TaskrunnerProcess> started = kept.remove(source + "-" + workers + "-" + partitions);
        if (started != null) {
            started.forEach(TaskrunnerProcess::close);
        }
    }

    @Override
    public void close() {
        kept.values().forEach(workers -> workers.forEach(TaskrunnerProcess::close));
        kept.clear();
    }

    private static double workersCpuSeconds(List<TaskrunnerProcess> workers) {
        return workers.stream().mapToDouble(worker -> BenchCluster.cpuSeconds(worker.pid())).sum();
    }

    /** Submits the seeded tasks as run {@code run}, noting each one's sleep in {@code asked}; returns their sum. */
    private long submit(String topic, String run, long[] asked) {
        Random random = new Random(seed);
        long total = 0;
        try (KafkaProducer<String, byte[]> producer = cluster.clients().producer("bench-scale-submit", Pipes.LOADER)) {
            Sends sends = new Sends();
            for (int i = 0; i < tasks; i++) {
                int ms = 50 + random.nextInt(201);
                total += ms;
                asked[i] = ms;
                producer.send(new ProducerRecord<>(topic, String.valueOf(i), codec.encode(TaskMessage.first(
                        String.valueOf(i), run, i, "sleep", codec.mapper().createObjectNode().put("ms", ms),
                        System.currentTimeMillis()))), sends);
            }
            producer.flush();
            sends.check("submitting sleep tasks");
        }
        return total;
    }
}
