package io.taskrunner.cli;

import io.taskrunner.broker.InProcessBroker;
import io.taskrunner.collector.CollectionSummary;
import io.taskrunner.collector.CollectorMetrics;
import io.taskrunner.collector.CollectorConfig;
import io.taskrunner.collector.ResultFormat;
import io.taskrunner.collector.ResultOrder;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.core.kafka.TopicSetup;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.producer.TaskProducer;
import io.taskrunner.producer.TaskSpec;
import io.taskrunner.worker.HandlerRegistry;
import io.taskrunner.worker.Worker;
import io.taskrunner.worker.WorkerConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code taskrunner demo}: the seed scenario on an in-process broker. Tasks sleep a random whole number of
 * seconds from 1 to 4 (seeded), run {@code --concurrency} at a time per worker, and results print as they
 * complete, fast ones first, or in submission order with {@code --order submission}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the seed scenario on an in-process Kafka broker: tasks sleep 1-4 s, fast ones print first.")
final class DemoCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--tasks", defaultValue = "5", description = "How many tasks (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--workers", defaultValue = "1", description = "Workers to start (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--concurrency", defaultValue = "3",
            description = "Tasks each worker runs at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--order", defaultValue = "completion", paramLabel = "completion|submission",
            description = "Result order (default: ${DEFAULT-VALUE}).")
    ResultOrder order;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|jsonl",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    ResultFormat format;

    @Option(names = "--seed", description = "Seed for the task durations (default: random, printed).")
    Long seed;

    @Override
    public Integer call() {
        if (tasks < 1 || workers < 1) {
            throw new IllegalArgumentException("--tasks and --workers must be >= 1");
        }
        WorkerConfig workerConfig = WorkerConfig.defaults(Topics.defaults()).withConcurrency(concurrency);
        long actualSeed = seed != null ? seed : new Random().nextLong();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println("Starting an in-process Kafka broker, " + workers + " worker(s) x " + concurrency
                + " threads; seed " + actualSeed);
        try (InProcessBroker broker = InProcessBroker.startTemporary()) {
            log.info("Kafka broker ready at {}", broker.bootstrapServers());
            KafkaClients clients = new KafkaClients(KafkaSettings.of(broker.bootstrapServers()));
            Topics topics = workerConfig.topics();
            List<Worker> started = new ArrayList<>();
            try (Admin admin = clients.admin()) {
                TopicSetup setup = new TopicSetup(admin, clients.settings());
                // The new partitions become ready to take writes while the workers start.
                List<TopicPartition> created = setup.createMissing(topics);
                for (int i = 0; i < workers; i++) {
                    started.add(Worker.start(clients, workerConfig, HandlerRegistry.discover(getClass().getClassLoader())));
                }
                setup.awaitServing(created);
                String run = "demo-" + Long.toUnsignedString(actualSeed, 36);
                submit(clients, topics, run, actualSeed, out);
                CollectionSummary summary = CollectorCommand.collect(clients,
                        new CollectorConfig(topics, run, order, java.util.Optional.of(Duration.ofMinutes(5)),
                                Duration.ofMillis(100)), format, null, spec, CollectorMetrics.inMemory());
                err.println(summary.describe(run));
                return summary.complete() ? Main.EXIT_OK : Main.EXIT_INCOMPLETE;
            } finally {
                started.forEach(Worker::close);
            }
        }
    }

    private void submit(KafkaClients clients, Topics topics, String run, long seed, PrintWriter out) {
        ProtocolCodec codec = new ProtocolCodec();
        Random random = new Random(seed);
        out.println("--- Submitting Tasks ---");
        try (TaskProducer producer = new TaskProducer(clients.producer("taskrunner-demo", Map.of()), topics, run,
                codec, Clock.systemUTC())) {
            for (int i = 0; i < tasks; i++) {
                int seconds = 1 + random.nextInt(4);
                producer.submit(TaskSpec.of("sleep", codec.mapper().createObjectNode().put("ms", seconds * 1000)));
            }
            producer.seal();
        }
        out.println("--- All tasks submitted, waiting for results ---");
        out.flush();
    }
}
