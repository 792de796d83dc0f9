package io.taskrunner.core.kafka;

/** The broker answered but refused this client's credentials; the message says where to fix them. */
public class KafkaAuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaAuthenticationException(String bootstrapServers, Throwable cause) {
        super("Kafka at " + bootstrapServers + " refused the credentials (" + cause.getMessage()
                + "); check the SASL/TLS settings in --kafka-config", cause);
    }
}
