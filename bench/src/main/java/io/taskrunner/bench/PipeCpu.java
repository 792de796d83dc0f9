package io.taskrunner.bench;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The bare pipe as a process of its own, for {@code bench/cpu-per-task}, which reads its CPU time from
 * {@code /proc}. {@code load BOOTSTRAP N DIR} writes two inputs of N records; {@code copy BOOTSTRAP N DIR}
 * copies the first (warm-up), creates {@code DIR/pipe.warm}, waits for {@code DIR/pipe.go}, copies the
 * second and prints its rate.
 */
public final class PipeCpu {
    private PipeCpu() {
    }

    public static void main(String[] args) throws Exception {
        KafkaClients clients = new KafkaClients(KafkaSettings.of(args[1]));
        int count = Integer.parseInt(args[2]);
        Path dir = Path.of(args[3]);
        if (args[0].equals("load")) {
            for (String copy : new String[] {"a", "b"}) {
                Pipes.createTopics(clients, "cpu." + copy + ".in", "cpu." + copy + ".out");
                Pipes.load(clients, "cpu-load", "cpu." + copy + ".in", count);
            }
        } else {
            new BarePipe(clients, "cpu-pipe-a", "cpu.a.in", "cpu.a.out").copy(count, Duration.ofMinutes(5));
            Files.writeString(dir.resolve("pipe.warm"), "");
            while (!Files.exists(dir.resolve("pipe.go"))) {
                Thread.sleep(10);
            }
            new BarePipe(clients, "cpu-pipe-b", "cpu.b.in", "cpu.b.out").copy(count, Duration.ofMinutes(5));
            System.out.printf("%.0f%n", Pipes.outputRate(clients, "cpu.b.out", count));
        }
        System.exit(0);
    }
}
