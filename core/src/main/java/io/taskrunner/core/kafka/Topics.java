package io.taskrunner.core.kafka;

import java.util.List;

/**
 * The names and partition counts of the topics taskrunner uses.
 *
 * <p>The tasks topic defaults to one partition: a share group lets every member of the group read the
 * same partition, so one partition is one queue that every worker slot takes from, and no task waits
 * behind a busy slot that happens to own its partition (see docs/ARCHITECTURE.md). Results default to
 * several partitions because a collector reads only its run's partition.
 *
 * @param tasks            where producers write tasks and workers read them
 * @param results          where workers write results (and producers seal runs), keyed by run id
 * @param deadLetters      where records that cannot be processed are kept, with the reason in headers
 * @param control          where cancellations go; every worker reads all of it (one partition)
 * @param taskPartitions   partitions of the tasks topic when taskrunner creates it
 * @param resultPartitions partitions of the results and dead-letter topics when taskrunner creates them
 * @param replicationFactor replicas of each topic taskrunner creates; {@link #BROKER_DEFAULT} for the broker's
 *                          {@code default.replication.factor}
 */
public record Topics(String tasks, String results, String deadLetters, String control, int taskPartitions,
                     int resultPartitions, int replicationFactor) {
    /** The replication factor that leaves the choice to the broker. */
    public static final int BROKER_DEFAULT = -1;
    public static final String DEFAULT_TASKS = "taskrunner.tasks";
    public static final String DEFAULT_RESULTS = "taskrunner.results";
    public static final String DEFAULT_DEAD_LETTERS = "taskrunner.dead-letters";
    public static final String DEFAULT_CONTROL = "taskrunner.control";
    public static final int DEFAULT_TASK_PARTITIONS = 1;
    public static final int DEFAULT_RESULT_PARTITIONS = 6;

    public Topics {
        requireName(tasks, "tasks topic");
        requireName(results, "results topic");
        requireName(deadLetters, "dead-letter topic");
        requireName(control, "control topic");
        if (taskPartitions < 1) {
            throw new IllegalArgumentException("--task-partitions must be >= 1, was " + taskPartitions);
        }
        if (resultPartitions < 1) {
            throw new IllegalArgumentException("--result-partitions must be >= 1, was " + resultPartitions);
        }
        if (replicationFactor != BROKER_DEFAULT && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
            throw new IllegalArgumentException("--replication-factor must be >= 1, was " + replicationFactor);
        }
    }

    /** With the broker's default replication factor. */
    public Topics(String tasks, String results, String deadLetters, String control, int taskPartitions,
                  int resultPartitions) {
        this(tasks, results, deadLetters, control, taskPartitions, resultPartitions, BROKER_DEFAULT);
    }

    /** The same topics, created with {@code replicas} replicas each. */
    public Topics withReplicationFactor(int replicas) {
        return new Topics(tasks, results, deadLetters, control, taskPartitions, resultPartitions, replicas);
    }

    /**
     * The long-task lane: where a worker puts a copy of a task that outlives half its lock before it lets the
     * tasks topic move on, so the task is run again should that worker die (one partition, named after the
     * tasks topic).
     */
    public String longTasks() {
        return tasks + ".long";
    }

    /**
     * Where workers say what they are doing, every few seconds (one partition, named after the tasks topic;
     * its records expire after an hour): read by {@code taskrunner ui}.
     */
    public String workers() {
        return tasks + ".workers";
    }

    /**
     * Every topic taskrunner uses: the four named ones, {@link #longTasks()} and {@link #workers()}. A worker
     * uses them all.
     */
    public List<String> all() {
        return List.of(tasks, results, deadLetters, control, longTasks(), workers());
    }

    /**
     * The topics a producer (or the Java client) uses: it writes tasks and marks its run's start on the control
     * topic; the producer seals the run on the results topic, where the client reads the results (and reads
     * the control topic for where its run starts).
     */
    public List<String> forProducers() {
        return List.of(tasks, results, control);
    }

    /**
     * The topics a collector of one run reads: results, and the control topic for where its run starts (one
     * that follows every run reads results only).
     */
    public List<String> forCollectors() {
        return List.of(results, control);
    }

    /** The topics the web view reads, and the control topic it writes cancellations to. */
    public List<String> forWebView() {
        return List.of(tasks, results, deadLetters, control, workers());
    }

    /** The default names with the default partition count. */
    public static Topics defaults() {
        return new Topics(DEFAULT_TASKS, DEFAULT_RESULTS, DEFAULT_DEAD_LETTERS, DEFAULT_CONTROL, DEFAULT_TASK_PARTITIONS,
                DEFAULT_RESULT_PARTITIONS);
    }

    /** The same names with a common prefix, e.g. to give each test its own topics. */
    public Topics withPrefix(String prefix) {
        return new Topics(prefix + tasks, prefix + results, prefix + deadLetters, prefix + control, taskPartitions,
                resultPartitions, replicationFactor);
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank() || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException(what + " name '" + name
                    + "' is not a valid Kafka topic name (letters, digits, '.', '_', '-')");
        }
    }
}
