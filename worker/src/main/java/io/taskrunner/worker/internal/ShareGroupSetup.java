package io.taskrunner.worker.internal;

import io.taskrunner.core.kafka.KafkaAuthenticationException;
import io.taskrunner.core.kafka.KafkaAuthorizationException;
import io.taskrunner.core.kafka.KafkaUnreachableException;
import io.taskrunner.core.kafka.NewTopicRetry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the group settings workers rely on before any of them joins:
 * <ul>
 *   <li>{@code share.auto.offset.reset=earliest}: a new share group starts at the latest offset, so tasks
 *       submitted before the first worker started would never be seen;</li>
 *   <li>{@code share.renew.acknowledge.enable=true}: lets a slot renew the lock of a long task;</li>
 *   <li>{@code share.record.lock.duration.ms} and {@code share.delivery.count.limit} from the worker's settings.</li>
 * </ul>
 * Group settings are shared by every worker of the group: the last worker to start wins. The requests
 * that do not depend on each other go out together: a worker's start waits for three round trips, not five.
 */
public final class ShareGroupSetup {
    private static final Logger log = LoggerFactory.getLogger(ShareGroupSetup.class);
    /** How long a new topic may stay unknown to the group coordinator before the set-up gives up on it. */
    static final Duration NEW_TOPIC_WAIT = Duration.ofSeconds(2);
    private static final Duration NEW_TOPIC_RETRY = Duration.ofMillis(10);
    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    /** One share group's settings. */
    public record Group(String id, Duration lockDuration, int deliveryLimit) {
    }

    public ShareGroupSetup(Admin admin, String bootstrapServers, Duration timeout) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /**
     * Applies the settings of every group in {@code groups}, and starts {@code startGroup} at the beginning of
     * {@code topic} if it has never run (see {@link #startAtBeginning}). Throws, naming the group, when a
     * group cannot be configured.
     */
    public void apply(List<Group> groups, String startGroup, String topic) {
        Map<ConfigResource, Collection<AlterConfigOp>> configs = new LinkedHashMap<>();
        for (Group group : groups) {
            configs.put(new ConfigResource(ConfigResource.Type.GROUP, group.id()), List.of(
                    set("share.auto.offset.reset", "earliest"),
                    set("share.renew.acknowledge.enable", "true"),
                    set("share.record.lock.duration.ms", String.valueOf(group.lockDuration().toMillis())),
                    set("share.delivery.count.limit", String.valueOf(group.deliveryLimit()))));
        }
        Map<ConfigResource, KafkaFuture<Void>> configured = admin.incrementalAlterConfigs(configs).values();
        KafkaFuture<Map<String, TopicDescription>> described = admin.describeTopics(List.of(topic)).allTopicNames();
        for (Group group : groups) {
            await(configured.get(new ConfigResource(ConfigResource.Type.GROUP, group.id())), group);
        }
        startAtBeginning(startGroup, topic, described); // its state is asked for once the settings are in
    }

    private void await(KafkaFuture<Void> configured, Group group) {
        try {
            configured.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new KafkaUnreachableException(bootstrapServers, timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException) {
                throw new KafkaAuthenticationException(bootstrapServers, e.getCause());
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new KafkaUnreachableException(bootstrapServers, timeout);
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException) {
                throw new KafkaAuthorizationException(bootstrapServers, "configure share group '" + group.id() + "'",
                        "grant this worker's principal ALTER_CONFIGS and DESCRIBE_CONFIGS on the group", e.getCause());
            }
            throw new IllegalStateException("cannot configure share group '" + group.id() + "' (does the broker run "
                    + "Kafka 4.3+ with share groups enabled, and allow --lock-duration " + group.lockDuration().toMillis()
                    + " ms and --delivery-limit " + group.deliveryLimit() + "?): " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring share group " + group.id(), e);
        }
    }

    /**
     * Starts a group that has never run at the beginning of {@code topic}, before its first member joins, so
     * the first member is given the partitions on its first heartbeat rather than after the share coordinator
     * has set them up. A group that has state, or has members, is left as it is.
     */
    private void startAtBeginning(String groupId, String topic, KafkaFuture<Map<String, TopicDescription>> described) {
        long timeoutMs = timeout.toMillis();
        try {
            Map<TopicPartition, SharePartitionOffsetInfo> state = admin.listShareGroupOffsets(
                    Map.of(groupId, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(groupId)
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            if (state.values().stream().anyMatch(Objects::nonNull)) {
                return;
            }
            Map<TopicPartition, Long> beginning = new HashMap<>();
            described.get(timeoutMs, TimeUnit.MILLISECONDS).get(topic).partitions()
                    .forEach(p -> beginning.put(new TopicPartition(topic, p.partition()), 0L));
            alterOffsets(groupId, beginning);
        } catch (ExecutionException | TimeoutException e) {
            // Members joined meanwhile, or an older broker: the group sets itself up on the first join instead.
            log.debug("Share group {} not started ahead of its first member: {}", groupId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sets the group's start offsets. A topic created a moment ago is known to the broker's metadata before
     * its group coordinator has applied it; until then the request fails with "unknown topic or partition"
     * and is sent again, for up to {@link #NEW_TOPIC_WAIT}. Without this, one start in four of the demo
     * missed the set-up and its workers were given the partition a heartbeat later (250 ms there, 5 s at
     * the broker's defaults).
     */
    private void alterOffsets(String groupId, Map<TopicPartition, Long> offsets)
            throws ExecutionException, TimeoutException, InterruptedException {
        NewTopicRetry.whileUnknown(NEW_TOPIC_WAIT, NEW_TOPIC_RETRY, timeLeftMs ->
                admin.alterShareGroupOffsets(groupId, offsets).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
