package io.taskrunner.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker (combined KRaft controller and broker) running inside this JVM, alone or as one
 * node of a cluster ({@link BrokerConfig#controllerQuorum()}),
 * built from Kafka's own server jars. Storage is formatted on first start and reused afterwards, so
 * data survives a restart on the same data directory.
 *
 * <p>Set up for taskrunner: replication factors of the internal topics and the default for new topics fit
 * the cluster (1 on one node, otherwise share groups silently deliver nothing; 3 with 2 in sync from three
 * nodes), and group heartbeats are short (share groups 250 ms, consumer groups 1 s) so new members start
 * sooner. The nodes of a cluster start together: a node serves once a majority of the quorum is up.
 */
public final class InProcessBroker implements AutoCloseable {
    private static final System.Logger log = System.getLogger(InProcessBroker.class.getName());

    private final BrokerConfig config;
    private final int port;
    private final int controllerPort;
    private final boolean deleteDataOnClose;
    private KafkaRaftServer server;

    private InProcessBroker(BrokerConfig config, int port, int controllerPort, boolean deleteDataOnClose) {
        this.config = config;
        this.port = port;
        this.controllerPort = controllerPort;
        this.deleteDataOnClose = deleteDataOnClose;
    }

    /** Formats storage if needed and starts the broker; returns once it serves clients. */
    public static InProcessBroker start(BrokerConfig config) {
        return start(config, false);
    }

    /**
     * A broker on free loopback ports whose data lives in a new temporary directory, deleted on
     * {@link #close()}: for demos and tests.
     */
    public static InProcessBroker startTemporary() {
        try {
            return start(BrokerConfig.ephemeral(Files.createTempDirectory("taskrunner-broker")), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary broker data directory", e);
        }
    }

    private static InProcessBroker start(BrokerConfig config, boolean deleteDataOnClose) {
        int port = config.port() == 0 ? freePortOtherThan(config.controllerPort()) : config.port();
        if (config.controllerQuorum() != null && config.port() == 0) {
            throw new IllegalArgumentException("a node of a cluster needs a fixed --port");
        }
        int controllerPort = config.controllerPort() == 0 ? freePortOtherThan(port) : config.controllerPort();
        InProcessBroker broker = new InProcessBroker(config, port, controllerPort, deleteDataOnClose);
        broker.startServer();
        return broker;
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return config.host() + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** Blocks until the broker has shut down. */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            if (deleteDataOnClose) {
                deleteTree(config.dataDir());
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete broker data directory " + root, e);
        }
    }

    private synchronized void startServer() {
        Map<String, String> props = brokerProperties();
        try {
            Files.createDirectories(config.dataDir());
            formatIfNeeded(props);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare broker data directory " + config.dataDir(), e);
        }
        Properties properties = new Properties();
        properties.putAll(props);
        KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        raftServer.startup();
        this.server = raftServer;
        if (plainClients(props, port)) {
            warmUpShareGroups();
        }
    }

    /**
     * Whether clients reach the broker with {@code props} on {@code port} (where {@link #bootstrapServers()}
     * points) as the warm-up's admin does: without SASL or TLS. A broker that asks for either there (its
     * settings are the user's) is not warmed up; its first worker sets up the share-group state instead.
     */
    static boolean plainClients(Map<String, String> props, int port) {
        String listener = null;
        for (String advertised : props.get("advertised.listeners").split(",")) {
            if (advertised.endsWith(":" + port)) {
                listener = advertised.substring(0, advertised.indexOf("://"));
            }
        }
        if (listener == null) {
            return false;
        }
        String protocol = listener;
        for (String entry : props.getOrDefault("listener.security.protocol.map", "").split(",")) {
            if (entry.startsWith(listener + ":")) {
                protocol = entry.substring(listener.length() + 1);
            }
        }
        return protocol.equals("PLAINTEXT");
    }

    /**
     * Has the broker create its share-group state topic now, as a broker that has ever served a share group
     * has, rather than when the first worker joins (about 2 s on this kind of machine): a throwaway group
     * is started on a throwaway topic, then both are deleted. A broker whose data already has that state
     * skips it.
     */
    private void warmUpShareGroups() {
        String name = "taskrunner.warm-up";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            if (admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS)
                    .contains("__share_group_state")) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.alterShareGroupOffsets(name, Map.of(new TopicPartition(name, 0), 0L)).all().get(30, TimeUnit.SECONDS);
            admin.deleteShareGroups(List.of(name)).all().get(30, TimeUnit.SECONDS);
            admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.log(System.Logger.Level.WARNING, "Share-group warm-up did not finish (" + e
                    + "); the first worker to join sets it up instead");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, String> brokerProperties() {
        String host = config.host();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(config.nodeId()));
        p.put("controller.quorum.voters", config.controllerQuorum() != null ? config.controllerQuorum().voters()
                : config.nodeId() + "@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", config.dataDir().toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // Up to 3 replicas, 2 of them in sync for a write, so a cluster of 3 or more loses no acknowledged
        // write and keeps taking writes with one node down; a single node has 1 and 1.
        String replicas = String.valueOf(Math.min(3, config.clusterSize()));
        String minInSync = config.clusterSize() >= 3 ? "2" : "1";
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minInSync);
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("transaction.state.log.num.partitions", "5");
        // Transactions of a dead producer are aborted within a second of their timeout, not ten: until then
        // read-committed readers of the partitions it wrote (collectors) cannot read past them.
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minInSync);
        p.put("share.coordinator.state.topic.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A share-group member gets its first partitions on its second heartbeat: 250 ms, not 5 s, after joining;
        // and no waiting to batch assignments of members that join together.
        p.put("group.share.min.heartbeat.interval.ms", "250");
        p.put("group.share.heartbeat.interval.ms", "250");
        p.put("group.share.assignment.interval.ms", "0");
        // A share-group member that dies leaves the group after 10 s rather than 45 s; long tasks it was
        // running are then put back on the tasks topic by another worker's lane watch.
        p.put("group.share.min.session.timeout.ms", "6000");
        p.put("group.share.session.timeout.ms", "10000");
        p.put("group.consumer.min.heartbeat.interval.ms", "1000");
        p.put("group.consumer.heartbeat.interval.ms", "1000");
        // Lets workers choose short acquisition locks (--lock-duration) on a local broker; the default floor is 15 s.
        p.put("group.share.min.record.lock.duration.ms", "1000");
        // A consumer-group worker that dies gives its partitions back after this, not the default 45 s.
        p.put("group.consumer.min.session.timeout.ms", "6000");
        p.put("group.consumer.session.timeout.ms", "10000");
        p.putAll(config.overrides());
        return p;
    }

    private void formatIfNeeded(Map<String, String> props) throws IOException {
        if (Files.exists(config.dataDir().resolve("meta.properties"))) {
            return;
        }
        Path configFile = Files.createTempFile("taskrunner-broker", ".properties");
        try {
            Properties properties = new Properties();
            properties.putAll(props);
            try (Writer writer = Files.newBufferedWriter(configFile)) {
                properties.store(writer, "taskrunner in-process broker");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit;
            try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
                exit = StorageTool$.MODULE$.execute(new String[] {
                        "format", "--cluster-id", config.controllerQuorum() != null
                                ? config.controllerQuorum().clusterId() : Uuid.randomUuid().toString(),
                        "--config", configFile.toString(), "--ignore-formatted"}, print);
            }
            if (exit != 0) {
                throw new IllegalStateException("formatting broker storage failed: "
                        + out.toString(StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(configFile);
        }
    }

    /** A free port other than {@code taken}: two binds in a row may be given the same port once closed. */
    private static int freePortOtherThan(int taken) {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                if (socket.getLocalPort() != taken) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port", e);
            }
        }
    }
}
