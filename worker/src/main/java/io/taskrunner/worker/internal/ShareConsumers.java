package io.taskrunner.worker.internal;

import org.apache.kafka.clients.consumer.ShareConsumer;

/** What the worker's share-consumer threads do alike. */
final class ShareConsumers {
    private ShareConsumers() {
    }

    /**
     * Closes {@code consumer} (sending the acknowledgements given, releasing the records still held) with the
     * thread's interrupt flag clear, as it must be to leave the group cleanly, and sets the flag again after.
     */
    static void closeLeavingGroup(ShareConsumer<?, ?> consumer) {
        boolean interrupted = Thread.interrupted();
        consumer.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
