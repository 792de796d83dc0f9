package io.taskrunner.bench;

import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.KafkaSettings;
import java.time.Duration;

/**
 * The bare pipe ({@link BarePipe}) as a process of its own, for the bare Kafka pipeline of scenario 8:
 * {@code BOOTSTRAP IN OUT COUNT GROUP} copies {@code COUNT} records from {@code IN} to {@code OUT} (waiting
 * for them to arrive), then exits 0.
 */
public final class PipeProcess {
    private PipeProcess() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: PipeProcess BOOTSTRAP IN OUT COUNT GROUP");
            System.exit(2);
        }
        KafkaClients clients = new KafkaClients(KafkaSettings.of(args[0]));
        new BarePipe(clients, args[4], args[1], args[2]).copy(Long.parseLong(args[3]), Duration.ofMinutes(10));
        System.exit(0);
    }
}
