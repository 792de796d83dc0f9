package io.taskrunner.core.kafka;

/**
 * The broker knows this client but its ACLs do not allow what taskrunner asked; the message names what was
 * refused and how to allow it.
 */
public class KafkaAuthorizationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param bootstrapServers the cluster, as the user gave it
     * @param refused          what the client may not do, e.g. "create topic t"
     * @param remedy           what an operator can do about it
     * @param cause            Kafka's refusal, whose message is quoted
     */
    public KafkaAuthorizationException(String bootstrapServers, String refused, String remedy, Throwable cause) {
        super("Kafka at " + bootstrapServers + " does not let this client " + refused + ": " + remedy + " ("
                + cause.getMessage() + ")", cause);
    }
}
