package io.taskrunner.core.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the taskrunner topics that do not exist yet, and returns once every partition it created takes
 * writes. Safe to run from many processes at once: a topic created by someone else in the meantime is fine.
 */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    private final Admin admin;
    private final KafkaSettings settings;

    public TopicSetup(Admin admin, KafkaSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    /**
     * Makes sure every topic of {@code topics} exists.
     *
     * @throws KafkaUnreachableException when the cluster does not answer within the connect timeout
     */
    public void ensureTopics(Topics topics) {
        long timeoutMs = settings.connectTimeout().toMillis();
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            Map<String, Integer> wanted = Map.of(topics.tasks(), topics.taskPartitions(),
                    topics.results(), topics.resultPartitions(), topics.deadLetters(), topics.resultPartitions(),
                    topics.control(), 1, topics.longTasks(), 1);
            wanted.forEach((name, partitions) -> {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, (short) -1));
                }
            });
            if (missing.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetSpec> createdPartitions = new HashMap<>();
            for (Map.Entry<String, ? extends org.apache.kafka.common.KafkaFuture<Void>> created
                    : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                    log.info("Created topic {} with {} partition(s)", created.getKey(), wanted.get(created.getKey()));
                    for (int partition = 0; partition < wanted.get(created.getKey()); partition++) {
                        createdPartitions.put(new TopicPartition(created.getKey(), partition), OffsetSpec.latest());
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            // A new partition's leader is in the brokers' metadata a moment before it serves requests; a
            // produce in between fails with NOT_LEADER_OR_FOLLOWER, and an idempotent producer's retries of
            // the batches behind it can then fail for good with OUT_OF_ORDER_SEQUENCE_NUMBER. ListOffsets is
            // answered only by a partition's serving leader, and the admin client retries it until it is: once
            // it answers for every created partition, they all take writes.
            admin.listOffsets(createdPartitions).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new KafkaUnreachableException(settings.bootstrapServers(), settings.connectTimeout());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException) {
                throw new KafkaAuthenticationException(settings.bootstrapServers(), e.getCause());
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                // the admin client's own deadline (the same connect timeout) may pass first
                throw new KafkaUnreachableException(settings.bootstrapServers(), settings.connectTimeout());
            }
            throw new IllegalStateException("cannot create taskrunner topics at " + settings.bootstrapServers()
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up topics", e);
        }
    }
}
