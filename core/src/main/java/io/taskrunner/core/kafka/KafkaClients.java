package io.taskrunner.core.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds the Kafka clients every process uses, from one {@link KafkaSettings}. Keys are strings
 * (task id or run id), values the JSON envelopes as bytes.
 */
public final class KafkaClients {
    /**
     * Batch size of every producer: 64 KB, four times Kafka's default. Tasks and results are a few hundred
     * bytes, so a 16 KB batch holds ~60 of them; measured with 250-byte tasks on one broker, 64 KB batches
     * halved the broker's CPU per record and cut a million-task submission from ~6.5 s to ~4 s
     * (docs/PERFORMANCE.md). Latency is unchanged: a batch still goes out after {@code linger.ms}.
     */
    public static final int PRODUCER_BATCH_BYTES = 64 * 1024;

    private final KafkaSettings settings;
    private final MeterRegistry registry;

    public KafkaClients(KafkaSettings settings) {
        this(settings, null);
    }

    private KafkaClients(KafkaSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    /**
     * Clients whose producers and consumers report their Kafka client metrics ({@code kafka_producer_*},
     * {@code kafka_consumer_*}) to {@code registry}. Share consumers are not covered: Micrometer's binder
     * does not take them.
     */
    public KafkaClients withMetrics(MeterRegistry registry) {
        return new KafkaClients(settings, registry);
    }

    public KafkaSettings settings() {
        return settings;
    }

    public Admin admin() {
        return create(() -> Admin.create(settings.clientConfig(Map.of(
                "default.api.timeout.ms", (int) settings.connectTimeout().toMillis(),
                "request.timeout.ms", (int) Math.min(settings.connectTimeout().toMillis(), 30_000)))));
    }

    /** Creates the topics of {@code topics} that do not exist yet; see {@link TopicSetup}. */
    public void ensureTopics(Topics topics) {
        ensureTopics(topics, topics.all());
    }

    /** Creates those of the topics {@code names} of {@code topics} that do not exist yet; see {@link TopicSetup}. */
    public void ensureTopics(Topics topics, List<String> names) {
        try (Admin admin = admin()) {
            new TopicSetup(admin, settings).ensureTopics(topics, names);
        }
    }

    /**
     * An idempotent producer that waits for all in-sync replicas: a written result is a durable result.
     * It batches up to {@value #PRODUCER_BATCH_BYTES} bytes a partition unless {@code --kafka-config} says
     * otherwise; {@code overrides} win over both.
     */
    public KafkaProducer<String, byte[]> producer(String clientId, Map<String, Object> overrides) {
        Map<String, Object> config = producerConfig(clientId, overrides);
        KafkaProducer<String, byte[]> producer =
                create(() -> new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()));
        if (registry != null) {
            new KafkaClientMetrics(producer).bindTo(registry);
        }
        return producer;
    }

    /** The configuration {@link #producer} builds a producer from. */
    Map<String, Object> producerConfig(String clientId, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of(ProducerConfig.BATCH_SIZE_CONFIG, PRODUCER_BATCH_BYTES));
        config.putAll(settings.clientConfig(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.connectTimeout().toMillis())));
        config.putAll(overrides);
        return config;
    }

    /**
     * A consumer that commits only when told to and reads only committed transactions, so results written
     * by an exactly-once worker become visible exactly when their transaction commits.
     */
    public KafkaConsumer<String, byte[]> consumer(String clientId, Map<String, Object> overrides) {
        Map<String, Object> config = settings.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        config.putAll(overrides);
        KafkaConsumer<String, byte[]> consumer =
                create(() -> new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()));
        if (registry != null) {
            new KafkaClientMetrics(consumer).bindTo(registry);
        }
        return consumer;
    }

    public KafkaShareConsumer<String, byte[]> shareConsumer(String groupId, String clientId,
                                                            Map<String, Object> overrides) {
        Map<String, Object> config = settings.clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId));
        config.putAll(overrides);
        return create(() -> new KafkaShareConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()));
    }

    /** Client construction fails on bad settings (e.g. an unresolvable host); say so in terms of our flags. */
    private <T> T create(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ConfigException && cause.getMessage().contains("resolvable bootstrap")) {
                throw new IllegalArgumentException("bootstrap servers '" + settings.bootstrapServers()
                        + "' cannot be resolved to any address; check --bootstrap-servers", e);
            }
            if (cause instanceof ConfigException) {
                throw new IllegalArgumentException("invalid Kafka client setting: " + cause.getMessage(), e);
            }
            throw e;
        }
    }
}
