package io.taskrunner.worker.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A task record that cannot be run, to be kept on the dead-letter topic with the reason.
 *
 * @param original the record as it was read
 * @param reason   short machine-readable reason, e.g. {@code undecodable}, {@code unknown-type}
 * @param detail   what exactly was wrong, for a person
 */
public record DeadLetter(ConsumerRecord<String, byte[]> original, String reason, String detail) {
}
