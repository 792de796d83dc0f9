package io.taskrunner.core.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the taskrunner topics that do not exist yet, and waits until the partitions it created take
 * writes. Safe to run from many processes at once: a topic created by someone else in the meantime is fine.
 * Each process sets up only the topics it uses ({@link Topics#forProducers()} and the like), so on a cluster
 * with ACLs it needs no rights on the others; where it may not create a missing topic it fails naming it.
 */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    /** Worker statuses matter for minutes: an hour of them is kept, in segments small enough to expire. */
    private static final Map<String, String> WORKERS_TOPIC_CONFIG = Map.of(
            "retention.ms", String.valueOf(3_600_000), "segment.ms", String.valueOf(600_000));

    private final Admin admin;
    private final KafkaSettings settings;

    /**
     * {@code min.insync.replicas} fitting a replication factor set by the user: 2 of 3 or more replicas, so a
     * write acknowledged by all in-sync replicas survives the loss of any one broker and one broker may be down
     * without stopping writes; 1 of fewer. With the broker's default factor, the broker's default applies too.
     */
    static Map<String, String> replicationConfig(int replicationFactor) {
        if (replicationFactor == Topics.BROKER_DEFAULT) {
            return Map.of();
        }
        return Map.of("min.insync.replicas", replicationFactor >= 3 ? "2" : "1");
    }

    /** Between two requests about a topic the broker does not know yet. */
    private static final Duration UNKNOWN_TOPIC_PAUSE = Duration.ofMillis(20);

    /** One Kafka call, its errors to be told in terms of the connection. */
    private interface AdminCall<T> {
        T call(long timeoutMs) throws ExecutionException, TimeoutException, InterruptedException;
    }

    public TopicSetup(Admin admin, KafkaSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    /** {@link #ensureTopics(Topics, List)} for every topic of {@code topics}. */
    public void ensureTopics(Topics topics) {
        ensureTopics(topics, topics.all());
    }

    /**
     * Makes sure the topics {@code names} of {@code topics} exist and that all their partitions take writes,
     * those that another process created a moment ago as well as those created here.
     *
     * @param names some of {@link Topics#all()}
     * @throws KafkaUnreachableException when the cluster does not answer within the connect timeout
     * @throws KafkaAuthorizationException naming the missing topics this client may not create, or the topics
     *                                     it may not describe
     */
    public void ensureTopics(Topics topics, List<String> names) {
        List<TopicPartition> partitions = new ArrayList<>(createMissing(topics, names));
        Set<String> created = new HashSet<>();
        partitions.forEach(partition -> created.add(partition.topic()));
        List<String> others = new ArrayList<>();
        for (String name : names) {
            if (!created.contains(name)) {
                others.add(name);
            }
        }
        if (!others.isEmpty()) {
            partitions.addAll(partitionsOf(others));
        }
        awaitServing(partitions);
    }

    /**
     * The partitions of topics that exist. A topic another process created a moment ago may not be in this
     * broker's metadata yet: it is asked again until it is, up to the connect timeout.
     */
    private List<TopicPartition> partitionsOf(List<String> names) {
        Map<String, TopicDescription> described = whileUnknown(names, timeoutMs ->
                admin.describeTopics(names).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS));
        List<TopicPartition> partitions = new ArrayList<>();
        described.forEach((name, description) -> description.partitions()
                .forEach(partition -> partitions.add(new TopicPartition(name, partition.partition()))));
        return partitions;
    }

    /** {@link #createMissing(Topics, List)} for every topic of {@code topics}. */
    public List<TopicPartition> createMissing(Topics topics) {
        return createMissing(topics, topics.all());
    }

    /**
     * Creates the topics {@code names} of {@code topics} that do not exist yet and returns their partitions,
     * which may not take writes yet: see {@link #awaitServing}.
     *
     * @param names some of {@link Topics#all()}
     * @throws KafkaUnreachableException when the cluster does not answer within the connect timeout
     * @throws KafkaAuthorizationException naming the missing topics this client may not create, or the topics
     *                                     it may not describe
     */
    public List<TopicPartition> createMissing(Topics topics, List<String> names) {
        if (!topics.all().containsAll(names)) {
            throw new IllegalArgumentException("not topics of " + topics + ": " + names);
        }
        return call(names, timeoutMs -> {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            Map<String, Integer> wanted = Map.of(topics.tasks(), topics.taskPartitions(),
                    topics.results(), topics.resultPartitions(), topics.deadLetters(), topics.resultPartitions(),
                    topics.control(), 1, topics.longTasks(), 1, topics.workers(), 1);
            wanted.forEach((name, partitions) -> {
                if (names.contains(name) && !existing.contains(name)) {
                    Map<String, String> configs = new HashMap<>(name.equals(topics.workers()) ? WORKERS_TOPIC_CONFIG : Map.of());
                    configs.putAll(replicationConfig(topics.replicationFactor()));
                    missing.add(new NewTopic(name, partitions, (short) topics.replicationFactor()).configs(configs));
                }
            });
            List<TopicPartition> created = new ArrayList<>();
            if (missing.isEmpty()) {
                return created;
            }
            Set<String> refused = new TreeSet<>();
            for (Map.Entry<String, KafkaFuture<Void>> topic : admin.createTopics(missing).values().entrySet()) {
                try {
                    topic.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                    log.info("Created topic {} with {} partition(s)", topic.getKey(), wanted.get(topic.getKey()));
                    for (int partition = 0; partition < wanted.get(topic.getKey()); partition++) {
                        created.add(new TopicPartition(topic.getKey(), partition));
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicAuthorizationException
                            || e.getCause() instanceof ClusterAuthorizationException) {
                        refused.add(topic.getKey());
                    } else if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            if (!refused.isEmpty()) {
                throw new KafkaAuthorizationException(settings.bootstrapServers(), "create topics " + refused
                        + ", which it cannot see (missing, or not described to it)",
                        "create them beforehand, or grant this client's principal CREATE and DESCRIBE on them",
                        new TopicAuthorizationException("Authorization failed.", refused));
            }
            return created;
        });
    }

    /**
     * Returns once every one of {@code partitions} takes writes. A new partition's leader is in the brokers'
     * metadata a moment before it serves requests; a produce in between fails with NOT_LEADER_OR_FOLLOWER, and
     * an idempotent producer's retries of the batches behind it can then fail for good with
     * OUT_OF_ORDER_SEQUENCE_NUMBER. ListOffsets is answered only by a partition's serving leader, and the admin
     * client retries it until it is: once it answers for every partition, they all take writes.
     *
     * @throws KafkaUnreachableException when they do not within the connect timeout
     */
    public void awaitServing(List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Set<String> topics = new TreeSet<>();
        partitions.forEach(partition -> topics.add(partition.topic()));
        whileUnknown(topics, timeoutMs -> admin.listOffsets(latest).all().get(timeoutMs, TimeUnit.MILLISECONDS));
    }

    /**
     * {@link #call} repeated while the broker answers that a topic is unknown: the metadata of a broker learns
     * of a new topic a moment after the controller created it. Gives up at the connect timeout.
     */
    private <T> T whileUnknown(Collection<String> topics, AdminCall<T> call) {
        // every attempt within the one deadline, not a connect timeout each
        return call(topics, connectTimeoutMs -> NewTopicRetry.whileUnknown(settings.connectTimeout(), UNKNOWN_TOPIC_PAUSE,
                call::call));
    }

    /** {@code call}, its errors told in terms of the connection and of {@code topics}, the topics it is about. */
    private <T> T call(Collection<String> topics, AdminCall<T> call) {
        try {
            return call.call(settings.connectTimeout().toMillis());
        } catch (TimeoutException e) {
            throw new KafkaUnreachableException(settings.bootstrapServers(), settings.connectTimeout());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException) {
                throw new KafkaAuthenticationException(settings.bootstrapServers(), e.getCause());
            }
            if (e.getCause() instanceof TopicAuthorizationException refused) {
                // the admin client names the refused topics for some requests only
                throw new KafkaAuthorizationException(settings.bootstrapServers(), "describe topics "
                        + (refused.unauthorizedTopics().isEmpty() ? new TreeSet<>(topics) : refused.unauthorizedTopics()),
                        "grant this client's principal DESCRIBE on them", refused);
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                // the admin client's own deadline (the same connect timeout) may pass first
                throw new KafkaUnreachableException(settings.bootstrapServers(), settings.connectTimeout());
            }
            throw new IllegalStateException("cannot set up taskrunner topics at " + settings.bootstrapServers()
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up topics", e);
        }
    }
}
