package io.taskrunner.bench;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.testing.TaskrunnerProcess;
import io.taskrunner.testing.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Scenario 1 (and 5): no-op tasks with 200-byte payloads through one worker process, against the bare pipe
 * and Parallel Consumer on the same broker with the same record sizes and client settings ({@link Pipes}).
 * Every input is on the topic before the pipeline starts; the rate is taken from broker timestamps of the
 * output, so start-up is not counted for any of them.
 */
final class NoOpThroughput {
    private final BenchCluster cluster;
    private final int tasks;
    private final int concurrency;

    /** One pipeline under measurement: tasks per second of one run named {@code name}. */
    interface Pipeline {
        double tasksPerSecond(String name) throws Exception;
    }

    NoOpThroughput(BenchCluster cluster, int tasks, int concurrency) {
        this.cluster = cluster;
        this.tasks = tasks;
        this.concurrency = concurrency;
    }

    /** Tasks per second of one taskrunner worker process running {@code echo} tasks. */
    double taskrunner(String name, String source, int prefetch) throws Exception {
        Topics topics = Topics.defaults().withPrefix("bench-tr-" + name + ".");
        cluster.clients().ensureTopics(topics);
        ProtocolCodec codec = new ProtocolCodec();
        try (KafkaProducer<String, byte[]> producer = cluster.clients().producer("bench-submit", Pipes.LOADER)) {
            Sends sends = new Sends();
            for (int seq = 0; seq < tasks; seq++) {
                producer.send(new ProducerRecord<>(topics.tasks(), String.valueOf(seq), codec.encode(TaskMessage.first(
                        String.valueOf(seq), "bench", seq, "echo", codec.mapper().valueToTree(Pipes.PAYLOAD), 0L))),
                        sends);
            }
            producer.flush();
            sends.check("submitting tasks");
        }
        List<String> args = new ArrayList<>(List.of("--group", "bench-workers-" + name, "--source", source,
                "--concurrency", "" + concurrency));
        if (prefetch > 0) {
            args.addAll(List.of("--prefetch", "" + prefetch));
        }
        try (TaskrunnerProcess worker = cluster.start("noop-" + name, "worker", topics,
                args)) {
            List<ConsumerRecord<String, byte[]>> results = new TopicReader(cluster.clients())
                    .readAtLeast(topics.results(), tasks, Duration.ofMinutes(10));
            if (results.size() < tasks) {
                throw new IllegalStateException("only " + results.size() + " of " + tasks + " results; worker log: "
                        + worker.stderr());
            }
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (ConsumerRecord<String, byte[]> record : results) {
                ResultMessage result = (ResultMessage) codec.decodeResultsTopic(record.value());
                // The first result's own finish time: the worker's start-up is not counted.
                first = Math.min(first, result.finishedAt());
                last = Math.max(last, record.timestamp());
            }
            return Pipes.rate(tasks, first, last);
        }
    }

    /** Records per second of the bare consume-produce-commit loop. */
    double barePipe(String name) throws Exception {
        String in = "bench-pipe-" + name + ".in";
        String out = "bench-pipe-" + name + ".out";
        Pipes.createTopics(cluster.clients(), in, out);
        Pipes.load(cluster.clients(), "bench-pipe-load", in, tasks);
        new BarePipe(cluster.clients(), "bench-pipe-" + name, in, out).copy(tasks, Duration.ofMinutes(10));
        return Pipes.outputRate(cluster.clients(), out, tasks);
    }

    /** Records per second of Parallel Consumer doing the same copy. */
    double parallelConsumer(String name) throws Exception {
        return new ParallelConsumerPipe(cluster.clients(), tasks, concurrency).run(name);
    }
}
