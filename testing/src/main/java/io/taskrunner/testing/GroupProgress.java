package io.taskrunner.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a group is done with every record now on a topic: a share group has acknowledged them all (its
 * start offset reached the end of every partition), a consumer group has committed them all. Once true, no
 * record there can be delivered again, so a test can check for duplicates without waiting a fixed time.
 */
public final class GroupProgress {
    private GroupProgress() {
    }

    /**
     * True when share group {@code group} has finished every record now on {@code topic}: its lag is 0 on every
     * partition. (The start offset the share coordinator persists trails the records it has finished: it
     * moves on with the next state write, so it is not the test.)
     */
    public static boolean shareGroupAcknowledgedAll(Admin admin, String group, String topic) {
        return reachedEnd(admin, topic, ends -> admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec()))
                    .partitionsToOffsetInfo(group).get(10, TimeUnit.SECONDS).entrySet().stream()
                    .filter(e -> e.getValue() != null && e.getValue().lag().isPresent())
                    .collect(Collectors.toMap(Map.Entry::getKey,
                            e -> ends.getOrDefault(e.getKey(), 0L) - e.getValue().lag().get())));
    }

    /** True when consumer group {@code group} has committed the end of every partition of {@code topic}. */
    public static boolean consumerGroupCommittedAll(Admin admin, String group, String topic) {
        return reachedEnd(admin, topic, ends -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS).entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset())));
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        return admin.listOffsets(partitions.stream()
                        .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
                .all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static boolean reachedEnd(Admin admin, String topic, Positions positions) {
        try {
            Map<TopicPartition, Long> ends = endOffsets(admin, topic);
            Map<TopicPartition, Long> reached = positions.read(ends);
            return ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || reached.getOrDefault(e.getKey(), -1L) >= e.getValue());
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @FunctionalInterface
    private interface Positions {
        /** The positions the group reached, given the partitions' end offsets. */
        Map<TopicPartition, Long> read(Map<TopicPartition, Long> ends)
                throws ExecutionException, TimeoutException, InterruptedException;
    }
}
