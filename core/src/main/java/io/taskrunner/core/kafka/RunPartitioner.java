package io.taskrunner.core.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Where the records of one run go on the results topic. Every writer (workers, producers) and the
 * collector use this one function, so a run's results and its seal always share a partition even
 * when a custom partitioner is configured for other traffic. It matches Kafka's default for keyed records.
 */
public final class RunPartitioner {
    private RunPartitioner() {
    }

    public static int partition(String run, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partition count must be >= 1, was " + partitionCount);
        }
        return Utils.toPositive(Utils.murmur2(run.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }
}
