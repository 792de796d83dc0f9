package io.taskrunner.core.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How to reach Kafka: the bootstrap servers plus any client properties passed through untouched
 * (SASL, TLS, tuning), so security needs no code change. Settings taskrunner needs for correctness
 * (serializers, acknowledgement mode) are applied on top by each client's factory.
 *
 * @param bootstrapServers  {@code host:port[,host:port...]}
 * @param clientProperties  extra Kafka client properties, e.g. read from {@code --kafka-config FILE}
 * @param connectTimeout    how long to wait for the cluster to answer at start-up before giving up
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties, Duration connectTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must be given as host:port");
        }
        for (String server : bootstrapServers.split(",")) {
            if (!server.trim().matches(".+:\\d{1,5}")) {
                throw new IllegalArgumentException("bootstrap server '" + server.trim() + "' is not host:port");
            }
        }
        clientProperties = Map.copyOf(Objects.requireNonNullElse(clientProperties, Map.of()));
        connectTimeout = Objects.requireNonNullElse(connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive, was " + connectTimeout);
        }
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of(), DEFAULT_CONNECT_TIMEOUT);
    }

    /** Settings with the properties of a Kafka client properties file added; the file is read now. */
    public static KafkaSettings of(String bootstrapServers, Path clientConfigFile) {
        if (clientConfigFile == null) {
            return of(bootstrapServers);
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(clientConfigFile)) {
            props.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Kafka client config file '" + clientConfigFile + "': "
                    + e.getMessage(), e);
        }
        Map<String, String> map = new HashMap<>();
        props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name)));
        return new KafkaSettings(bootstrapServers, map, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * Defaults of taskrunner's own for every client made from these settings (all of taskrunner's, the
     * embedded broker's internal ones aside), which {@code --kafka-config} can change:
     * {@code enable.metrics.push=false}. With push on (Kafka's default), each client asks the broker for a
     * metrics subscription on connecting and keeps a collector on every metric it has; only a cluster with
     * a client-metrics plugin reads them. Off, the demo's first task came ~30 ms sooner on 2 cores (its one
     * JVM starts over a dozen clients). Set it to {@code true} in {@code --kafka-config} for such a cluster.
     */
    public static final Map<String, Object> CLIENT_DEFAULTS = Map.of("enable.metrics.push", false);

    public KafkaSettings withConnectTimeout(Duration timeout) {
        return new KafkaSettings(bootstrapServers, clientProperties, timeout);
    }

    /**
     * Base properties for any client: taskrunner's client defaults ({@link #CLIENT_DEFAULTS}), the
     * passthrough properties over them, then the bootstrap servers and the given overrides on top.
     */
    public Map<String, Object> clientConfig(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(CLIENT_DEFAULTS);
        config.putAll(clientProperties);
        config.put("bootstrap.servers", bootstrapServers);
        config.putAll(overrides);
        return config;
    }
}
