package io.taskrunner.worker.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads how many tasks wait for the workers' share group: the sum over the tasks topic's partitions of the
 * lag the broker reports for the group (records at or after the share-partition start offset that are not
 * yet acknowledged; the partition's end minus its start offset where the broker gives no lag). What an
 * autoscaler follows (docs/KUBERNETES.md). {@link #run} is one reading; {@link #backlog} the last one, -1
 * before the first or after a failed one. A group that has never started counts every record still on the topic.
 */
public final class BacklogProbe implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BacklogProbe.class);
    private static final long TIMEOUT_MS = 10_000;

    private final Supplier<Admin> makeAdmin;
    private final String group;
    private final String topic;
    private final AtomicLong backlog = new AtomicLong(-1);
    private Admin admin;

    /** @param makeAdmin makes the probe's admin client on its first reading, on the probe's thread */
    public BacklogProbe(Supplier<Admin> makeAdmin, String group, String topic) {
        this.makeAdmin = makeAdmin;
        this.group = group;
        this.topic = topic;
    }

    @Override
    public void run() {
        try {
            if (admin == null) {
                admin = makeAdmin.get();
            }
            backlog.set(read());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("Backlog of share group {} not read: {}", group, e.toString());
            backlog.set(-1);
        }
    }

    private long read() throws Exception {
        Map<TopicPartition, SharePartitionOffsetInfo> state = admin.listShareGroupOffsets(
                Map.of(group, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group)
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        // The oldest record only of partitions the group never read: once it runs, the group's state says.
        Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
        admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic)
                .partitions().forEach(p -> {
                    TopicPartition partition = new TopicPartition(topic, p.partition());
                    ends.put(partition, OffsetSpec.latest());
                    if (state.get(partition) == null) {
                        starts.put(partition, OffsetSpec.earliest());
                    }
                });
        var endsAsked = admin.listOffsets(ends).all(); // both asked before either is awaited
        var startOffsets = starts.isEmpty() ? Map.<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>of()
                : admin.listOffsets(starts).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        var endOffsets = endsAsked.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        long total = 0;
        for (TopicPartition partition : ends.keySet()) {
            SharePartitionOffsetInfo info = state.get(partition);
            long end = endOffsets.get(partition).offset();
            // A group that never read the partition starts at its oldest record (earliest, as the workers do).
            long start = info == null ? startOffsets.get(partition).offset() : info.startOffset();
            total += info != null && info.lag().isPresent() ? info.lag().get() : Math.max(0, end - start);
        }
        return total;
    }

    /** Tasks waiting at the last reading, -1 when unknown. */
    public long backlog() {
        return backlog.get();
    }

    /** Closes the admin client, if one was made; call after the probe's last run. */
    @Override
    public void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
        }
    }
}
