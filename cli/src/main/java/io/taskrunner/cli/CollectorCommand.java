package io.taskrunner.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskrunner.collector.CollectionSummary;
import io.taskrunner.collector.CollectorMetrics;
import io.taskrunner.core.metrics.MetricsServer;
import io.taskrunner.collector.CollectorConfig;
import io.taskrunner.collector.CollectorCheckpoint;
import io.taskrunner.collector.LineSink;
import io.taskrunner.collector.ProgressListener;
import io.taskrunner.collector.ResumableFileOutput;
import io.taskrunner.collector.RunFollower;
import io.taskrunner.collector.ResultCollector;
import io.taskrunner.collector.ResultFormat;
import io.taskrunner.collector.ResultOrder;
import io.taskrunner.core.kafka.KafkaAuthenticationException;
import io.taskrunner.core.kafka.KafkaAuthorizationException;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.core.kafka.KafkaUnreachableException;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.RunId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskrunner collector}: prints the results of one run as they complete, or in submission order. */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Print the results of one run until it is complete.",
                "Without --run: follow every run, as a member of a consumer group (--group), until stopped or "
                        + "--timeout; results go to stdout (text lines prefixed with [run]) or to one file per run "
                        + "in --output-dir."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the run is complete", "1:error", "2:usage error",
                "3:--timeout passed first; the missing tasks are listed on stderr"})
final class CollectorCommand implements Callable<Integer> {
    /** A collector reads one partition: larger fetches of it mean fewer round trips (the default is 1 MB). */
    static final int COLLECTOR_FETCH_BYTES = 4 * 1024 * 1024;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "The run to collect; without it, follow every run.")
    String run;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Following every run: one file per run here.")
    Path outputDir;

    @Option(names = "--group", paramLabel = "GROUP", defaultValue = "taskrunner-collectors",
            description = "Following every run: the consumer group of the followers (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--order", defaultValue = "completion", paramLabel = "completion|submission",
            description = "completion: as tasks finish (as_completed); submission: in submission order (map). "
                    + "Default: ${DEFAULT-VALUE}.")
    ResultOrder order;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|jsonl",
            description = "text: 'Received: task 3 result (slept 1s)'; jsonl: one JSON result a line. "
                    + "Default: ${DEFAULT-VALUE}.")
    ResultFormat format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write results to FILE instead of stdout; a "
            + "collector killed and started again with the same arguments resumes it (FILE.checkpoint).")
    Path output;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up after this long (e.g. 30s, 5m) and list what is missing; default: wait.")
    Duration timeout;

    @Override
    public Integer call() {
        if (run == null) {
            return follow();
        }
        if (outputDir != null) {
            throw new IllegalArgumentException("--output-dir is for following every run (no --run); with --run use --output");
        }
        RunId.require(run);
        CollectorConfig config = CollectorConfig.of(kafka.topics(), run, order).withTimeout(timeout);
        MeterRegistry registry = metrics.registry("collector");
        KafkaClients clients = metrics.bind(kafka.clients(), registry);
        CollectionSummary summary;
        try (MetricsServer server = metrics.serve(registry, () -> true)) {
            summary = collect(clients, config, format, output, spec, new CollectorMetrics(registry));
        }
        spec.commandLine().getErr().println(summary.describe(run));
        return summary.complete() ? Main.EXIT_OK : Main.EXIT_INCOMPLETE;
    }

    private int follow() {
        if (output != null) {
            throw new IllegalArgumentException("--output needs --run; to follow every run into files use --output-dir");
        }
        MeterRegistry registry = metrics.registry("collector");
        KafkaClients clients = metrics.bind(kafka.clients(), registry);
        clients.ensureTopics(kafka.topics(), List.of(kafka.topics().results())); // it follows results only
        ProtocolCodec codec = new ProtocolCodec();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        StopSignals.install("the collector", () -> stop.set(true));
        long deadline = timeout == null ? Long.MAX_VALUE : System.currentTimeMillis() + timeout.toMillis();
        java.util.List<LineSink> files = new java.util.ArrayList<>();
        try (MetricsServer server = metrics.serve(registry, () -> !stop.get());
             KafkaConsumer<String, byte[]> consumer = clients.consumer("taskrunner-collector-follow", Map.of(
                     "group.id", group, "group.protocol", "consumer", "auto.offset.reset", "earliest"));
             KafkaConsumer<String, byte[]> fetcher = clients.consumer("taskrunner-collector-follow-fetch", Map.of())) {
            new RunFollower(consumer, fetcher, kafka.topics().results(), order, codec, Clock.systemUTC(),
                    new CollectorMetrics(registry)).follow(
                    () -> !stop.get() && System.currentTimeMillis() < deadline,
                    runId -> outputDir == null
                            ? new LineSink(spec.commandLine().getOut(), format, codec,
                                    format == ResultFormat.TEXT ? "[" + runId + "] " : "")
                            : openRunFile(runId, codec, files),
                    (runId, summary) -> spec.commandLine().getErr().println(summary.outcome(runId)));
        } finally {
            files.forEach(LineSink::close);
        }
        return Main.EXIT_OK;
    }

    private LineSink openRunFile(String runId, ProtocolCodec codec, java.util.List<LineSink> files) {
        RunId.require(runId);
        Path file = outputDir.resolve(runId + (format == ResultFormat.JSONL ? ".jsonl" : ".txt"));
        try {
            java.nio.file.Files.createDirectories(outputDir);
            LineSink sink = new LineSink(java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), format, codec, "");
            files.add(sink);
            return sink;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Partitions of the results topic, 0 if it does not exist; waits for Kafka no longer than the connect
     * timeout, and says so plainly when it does not answer, refuses the credentials or does not let this
     * client see the topic.
     */
    private static int resultsPartitions(KafkaConsumer<String, byte[]> consumer, CollectorConfig config,
                                         KafkaSettings settings) {
        try {
            return consumer.partitionsFor(config.topics().results(), settings.connectTimeout()).size();
        } catch (org.apache.kafka.common.errors.AuthenticationException e) {
            throw new KafkaAuthenticationException(settings.bootstrapServers(), e);
        } catch (org.apache.kafka.common.errors.TopicAuthorizationException e) {
            throw new KafkaAuthorizationException(settings.bootstrapServers(), "describe topic "
                    + config.topics().results(), "grant this client's principal READ and DESCRIBE on it", e);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new KafkaUnreachableException(settings.bootstrapServers(), settings.connectTimeout());
        }
    }

    /**
     * Collects one run into stdout, or resumably into a file; shared with {@code demo}. Draws a progress
     * line on stderr when it is a terminal.
     */
    static CollectionSummary collect(KafkaClients clients, CollectorConfig config, ResultFormat format, Path output,
                                     CommandSpec spec, CollectorMetrics metrics) {
        ProtocolCodec codec = new ProtocolCodec();
        ProgressListener progress = TerminalScreen.installed()
                .<ProgressListener>map(screen -> new TerminalProgress(screen, Clock.systemUTC()))
                .orElse(ProgressListener.NONE);
        KafkaConsumer<String, byte[]> consumer = clients.consumer("taskrunner-collector-" + config.run(),
                Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, COLLECTOR_FETCH_BYTES,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
        KafkaConsumer<String, byte[]> fetcher = null;
        try {
            fetcher = clients.consumer("taskrunner-collector-" + config.run() + "-fetch", Map.of());
            if (resultsPartitions(consumer, config, clients.settings()) == 0) {
                // A collector may start before any worker or producer: make sure there is a topic to wait on.
                clients.ensureTopics(config.topics(), config.topics().forCollectors());
            }
            ResultCollector collector = new ResultCollector(consumer, fetcher, config, codec, Clock.systemUTC(), metrics);
            if (output == null) {
                LineSink sink = new LineSink(spec.commandLine().getOut(), format, codec, "");
                return collector.collect(sink, CollectorCheckpoint.NONE, progress);
            }
            try (ResumableFileOutput file = ResumableFileOutput.open(output, config.run(), format, codec)) {
                return collector.collect(file, file, progress);
            }
        } finally {
            // Neither consumer is in a group: nothing to commit or leave, so no reason to wait (~0.35 s) on close.
            consumer.close(Duration.ZERO);
            if (fetcher != null) {
                fetcher.close(Duration.ZERO);
            }
            if (progress instanceof TerminalProgress terminal) {
                terminal.finish();
            }
        }
    }
}
