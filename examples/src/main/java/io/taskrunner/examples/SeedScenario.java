package io.taskrunner.examples;

import io.taskrunner.client.TaskClient;
import io.taskrunner.client.TaskClientConfig;
import io.taskrunner.client.TaskFuture;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The seed scenario (Python's {@code as_completed} hands-on) with the futures API: five tasks sleeping
 * 1-4 s run on the cluster's workers, and results print as they complete, fast ones first; then the same
 * with {@code map}, in submission order.
 *
 * <pre>
 * bin/taskrunner broker &amp;  bin/taskrunner worker --bootstrap-servers localhost:9092 &amp;
 * java -cp examples/target/classes:cli/target/taskrunner.jar:client/target/classes \
 *      io.taskrunner.examples.SeedScenario localhost:9092
 * </pre>
 */
public final class SeedScenario {
    private SeedScenario() {
    }

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
        try (TaskClient client = TaskClient.connect(TaskClientConfig.of(bootstrap))) {
            run(client, new Random(), System.out);
        }
    }

    /** Runs the scenario on {@code client}, printing like the seed to {@code out}. */
    public static void run(TaskClient client, Random random, PrintStream out) {
        out.println("--- Submitting Tasks ---");
        List<TaskFuture<String>> futures = new ArrayList<>();
        List<Map<String, Integer>> payloads = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Map<String, Integer> payload = Map.of("ms", (1 + random.nextInt(4)) * 1000);
            payloads.add(payload);
            futures.add(client.submit("sleep", payload, String.class));
        }
        out.println("--- All tasks submitted, waiting for results ---");
        for (TaskFuture<String> done : client.asCompleted(futures, Duration.ofSeconds(60))) {
            out.println("Received: task " + done.taskId() + " result (" + done.join() + ")");
        }
        out.println("--- The same with map, in submission order ---");
        client.map("sleep", payloads, String.class).forEach(value -> out.println("Received: " + value));
    }
}
