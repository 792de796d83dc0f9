package io.taskrunner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.TopicSetup;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.producer.JsonLinesTaskReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.taskrunner.core.metrics.MetricsServer;
import io.taskrunner.producer.ProducerMetrics;
import io.taskrunner.producer.RunCanceller;
import io.taskrunner.core.protocol.RunId;
import io.taskrunner.core.protocol.TaskDefaults;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.producer.TaskProducer;
import io.taskrunner.producer.TaskSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskrunner producer}: submits the tasks of one run and seals it. */
@Command(name = "producer", mixinStandardHelpOptions = true,
        description = {"Submit the tasks of one run, then seal the run with its task count.",
                "'producer cancel --run RUN_ID [--id TASK_ID]' cancels one task, or every task of the run, that "
                        + "has not started yet; those get a CANCELLED result."})
final class ProducerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    MetricsOptions metrics;

    @Parameters(arity = "0..1", paramLabel = "cancel", description = "Cancel instead of submitting.")
    String action;

    @Option(names = "--run", required = true, paramLabel = "RUN_ID", description = "The run the tasks belong to.")
    String run;

    @Option(names = "--id", paramLabel = "TASK_ID", description = "With cancel: the one task to cancel.")
    String id;

    @Option(names = "--input", paramLabel = "FILE.jsonl",
            description = "Tasks, one JSON object a line: {\"type\": ..., \"payload\": ..., \"id\": ...}.")
    Path input;

    @Option(names = "--count", paramLabel = "N", description = "How many tasks to submit (with --type).")
    Long count;

    @Option(names = "--type", paramLabel = "TYPE", description = "Task type of the --count tasks, e.g. sleep.")
    String type;

    @Option(names = "--payload", paramLabel = "JSON",
            description = "Payload of every --count task (default: null).")
    String payload;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "" + TaskDefaults.DEFAULT_MAX_ATTEMPTS,
            description = "Attempts per task when its handler fails with a retriable error (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--task-timeout", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "Time limit of one attempt; 0s leaves it to the worker's --task-timeout "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration taskTimeout;

    @Override
    public Integer call() throws IOException {
        RunId.require(run);
        if (action != null) {
            return cancel();
        }
        if (id != null) {
            throw new IllegalArgumentException("--id goes with 'producer cancel'; to name submitted tasks use --input");
        }
        ProtocolCodec codec = new ProtocolCodec();
        TaskSpec generatedSpec = checkSource(codec);
        TaskDefaults defaults = new TaskDefaults(maxAttempts, taskTimeout);
        MeterRegistry registry = metrics.registry("producer");
        KafkaClients clients = metrics.bind(kafka.clients(), registry);
        MetricsServer server = metrics.serve(registry, () -> true);
        try (TaskProducer producer = new TaskProducer(clients.producer("taskrunner-producer-" + run, Map.of()),
                kafka.topics(), run, codec, Clock.systemUTC(), defaults, new ProducerMetrics(registry))) {
            try (Admin admin = clients.admin()) {
                new TopicSetup(admin, clients.settings()).ensureTopics(kafka.topics(), kafka.topics().forProducers());
                producer.announceStart(admin, clients.settings().connectTimeout());
            }
            if (generatedSpec != null) {
                for (long i = 0; i < count; i++) {
                    producer.submit(generatedSpec);
                }
            } else {
                try (BufferedReader reader = Files.newBufferedReader(input)) {
                    new JsonLinesTaskReader(codec.mapper()).read(reader, producer::submit);
                }
            }
            producer.seal();
            spec.commandLine().getOut().println("Submitted " + producer.submitted() + " tasks to run " + run
                    + " and sealed it");
        } finally {
            if (server != null) {
                server.close();
            }
        }
        return Main.EXIT_OK;
    }

    private int cancel() {
        if (!action.equals("cancel")) {
            throw new IllegalArgumentException("unknown action '" + action + "'; the only action is 'cancel'");
        }
        if (input != null || count != null || type != null || payload != null) {
            throw new IllegalArgumentException("'producer cancel' takes --run and optionally --id, no tasks");
        }
        KafkaClients clients = kafka.clients();
        clients.ensureTopics(kafka.topics(), List.of(kafka.topics().control())); // it writes cancellations only
        try (var producer = clients.producer("taskrunner-cancel-" + run, Map.of())) {
            new RunCanceller(producer, kafka.topics(), new ProtocolCodec(), Clock.systemUTC()).cancel(run, id);
        }
        spec.commandLine().getOut().println(id == null ? "Cancelled run " + run : "Cancelled task " + id + " of run " + run);
        return Main.EXIT_OK;
    }

    /** Checks the task source before anything connects; returns the spec of --count tasks, or null for --input. */
    private TaskSpec checkSource(ProtocolCodec codec) {
        boolean generated = count != null || type != null || payload != null;
        if (input != null && generated) {
            throw new IllegalArgumentException("give either --input FILE or --count N --type TYPE, not both");
        }
        if (input != null) {
            if (!Files.isReadable(input)) {
                throw new IllegalArgumentException("--input file '" + input + "' does not exist or cannot be read");
            }
            return null;
        }
        if (count == null || type == null) {
            throw new IllegalArgumentException("give --input FILE, or --count N with --type TYPE");
        }
        if (count < 0 || count > TaskMessage.SEQ_LIMIT) {
            throw new IllegalArgumentException("--count must be >= 0 and at most " + TaskMessage.SEQ_LIMIT
                    + " (the most tasks a run can hold), was " + count);
        }
        JsonNode json;
        try {
            json = codec.mapper().readTree(payload == null ? "null" : payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--payload is not valid JSON: " + e.getOriginalMessage());
        }
        return TaskSpec.of(type, json);
    }
}
