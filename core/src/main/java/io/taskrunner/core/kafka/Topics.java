package io.taskrunner.core.kafka;

/**
 * The names and partition count of the topics taskrunner uses.
 *
 * @param tasks       where producers write tasks and workers read them
 * @param results     where workers write results (and producers seal runs), keyed by run id
 * @param deadLetters where records that cannot be processed are kept, with the reason in headers
 * @param partitions  partitions for each topic when taskrunner creates it
 */
public record Topics(String tasks, String results, String deadLetters, int partitions) {
    public static final String DEFAULT_TASKS = "taskrunner.tasks";
    public static final String DEFAULT_RESULTS = "taskrunner.results";
    public static final String DEFAULT_DEAD_LETTERS = "taskrunner.dead-letters";
    public static final int DEFAULT_PARTITIONS = 6;

    public Topics {
        requireName(tasks, "tasks topic");
        requireName(results, "results topic");
        requireName(deadLetters, "dead-letter topic");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic partitions must be >= 1, was " + partitions);
        }
    }

    /** The default names with the default partition count. */
    public static Topics defaults() {
        return new Topics(DEFAULT_TASKS, DEFAULT_RESULTS, DEFAULT_DEAD_LETTERS, DEFAULT_PARTITIONS);
    }

    /** The same names with a common prefix, e.g. to give each test its own topics. */
    public Topics withPrefix(String prefix) {
        return new Topics(prefix + tasks, prefix + results, prefix + deadLetters, partitions);
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank() || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException(what + " name '" + name
                    + "' is not a valid Kafka topic name (letters, digits, '.', '_', '-')");
        }
    }
}
