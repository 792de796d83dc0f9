package io.taskrunner.worker;

/** Where a worker takes its tasks from; see docs/ARCHITECTURE.md, "Two task sources". */
public enum TaskSourceKind {
    /**
     * A Kafka share group (KIP-932), the default: any number of workers per partition, per-task
     * acknowledgement and redelivery, lock renewal for long tasks, a delivery limit for poison tasks.
     */
    SHARE,
    /**
     * A consumer group (KIP-848): at most one worker per partition, offsets committed up to the lowest
     * unfinished task; for brokers without share groups.
     */
    CONSUMER
}
