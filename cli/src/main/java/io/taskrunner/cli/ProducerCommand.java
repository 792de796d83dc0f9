package io.taskrunner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.TopicSetup;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.producer.JsonLinesTaskReader;
import io.taskrunner.producer.RunId;
import io.taskrunner.producer.TaskProducer;
import io.taskrunner.producer.TaskSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskrunner producer}: submits the tasks of one run and seals it. */
@Command(name = "producer", mixinStandardHelpOptions = true,
        description = "Submit the tasks of one run, then seal the run with its task count.")
final class ProducerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--run", required = true, paramLabel = "RUN_ID", description = "The run the tasks belong to.")
    String run;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @ArgGroup(exclusive = false)
        Generated generated;

        @Option(names = "--input", paramLabel = "FILE.jsonl", required = true,
                description = "Tasks, one JSON object a line: {\"type\": ..., \"payload\": ..., \"id\": ...}.")
        Path input;
    }

    static final class Generated {
        @Option(names = "--count", required = true, paramLabel = "N", description = "How many tasks to submit.")
        long count;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Task type, e.g. sleep.")
        String type;

        @Option(names = "--payload", paramLabel = "JSON", defaultValue = "null",
                description = "Payload of every task (default: ${DEFAULT-VALUE}).")
        String payload;
    }

    @Override
    public Integer call() throws IOException {
        RunId.require(run);
        ProtocolCodec codec = new ProtocolCodec();
        TaskSpec generatedSpec = source.generated == null ? null : generatedSpec(codec);
        KafkaClients clients = kafka.clients();
        try (Admin admin = clients.admin()) {
            new TopicSetup(admin, clients.settings()).ensureTopics(kafka.topics());
        }
        try (TaskProducer producer = new TaskProducer(clients.producer("taskrunner-producer-" + run, Map.of()),
                kafka.topics(), run, codec, Clock.systemUTC())) {
            if (generatedSpec != null) {
                for (long i = 0; i < source.generated.count; i++) {
                    producer.submit(generatedSpec);
                }
            } else {
                try (BufferedReader reader = Files.newBufferedReader(source.input)) {
                    new JsonLinesTaskReader(codec.mapper()).read(reader, producer::submit);
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException("--input file '" + source.input + "' does not exist");
                }
            }
            producer.seal();
            spec.commandLine().getOut().println("Submitted " + producer.submitted() + " tasks to run " + run
                    + " and sealed it");
        }
        return Main.EXIT_OK;
    }

    private TaskSpec generatedSpec(ProtocolCodec codec) {
        if (source.generated.count < 0) {
            throw new IllegalArgumentException("--count must be >= 0, was " + source.generated.count);
        }
        JsonNode payload;
        try {
            payload = codec.mapper().readTree(source.generated.payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--payload is not valid JSON: " + e.getOriginalMessage());
        }
        return TaskSpec.of(source.generated.type, payload);
    }
}
