package io.taskrunner.core.kafka;

import java.time.Duration;

/** The Kafka cluster did not answer in time; the message says which address was tried and what to check. */
public class KafkaUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaUnreachableException(String bootstrapServers, Duration waited) {
        super("Kafka at " + bootstrapServers + " did not answer within " + waited.toSeconds()
                + "s; check --bootstrap-servers, that the broker is running, and that --kafka-config has the "
                + "security settings (SASL, TLS) its listener expects");
    }
}
