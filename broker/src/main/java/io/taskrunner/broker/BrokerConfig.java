package io.taskrunner.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of an in-process KRaft broker: one node (combined broker and controller) on its own, or one node
 * of a cluster whose nodes are all combined brokers and controllers.
 *
 * @param host             the address to listen on and advertise
 * @param port             client port; 0 picks a free one
 * @param controllerPort   KRaft controller port; 0 picks a free one (single node only)
 * @param dataDir          where logs and metadata live; formatted on first start, reused afterwards
 * @param overrides        extra broker properties, applied last
 * @param nodeId           this node's id, one of {@code controllerQuorum}'s
 * @param controllerQuorum the cluster's nodes as {@code id@host:controllerPort,...}; null for this node alone
 */
public record BrokerConfig(String host, int port, int controllerPort, Path dataDir, Map<String, String> overrides,
                           int nodeId, ControllerQuorum controllerQuorum) {
    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_NODE_ID = 1;

    public BrokerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("broker host must not be blank");
        }
        checkPort(port, "--port");
        checkPort(controllerPort, "--controller-port");
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("--port and --controller-port must differ, both were " + port);
        }
        Objects.requireNonNull(dataDir, "dataDir");
        overrides = Map.copyOf(Objects.requireNonNullElse(overrides, Map.of()));
        if (nodeId < 0) {
            throw new IllegalArgumentException("--node-id must be >= 0, was " + nodeId);
        }
        if (controllerQuorum != null) {
            Integer ownPort = controllerQuorum.controllerPortOf(nodeId);
            if (ownPort == null) {
                throw new IllegalArgumentException("--node-id " + nodeId + " is not one of --controller-quorum "
                        + controllerQuorum);
            }
            if (controllerPort != ownPort) {
                throw new IllegalArgumentException("--controller-port " + controllerPort + " differs from node "
                        + nodeId + "'s port in --controller-quorum " + controllerQuorum);
            }
        }
    }

    /** One node on its own. */
    public BrokerConfig(String host, int port, int controllerPort, Path dataDir, Map<String, String> overrides) {
        this(host, port, controllerPort, dataDir, overrides, DEFAULT_NODE_ID, null);
    }

    /** A broker on free loopback ports, storing its data under {@code dataDir}. */
    public static BrokerConfig ephemeral(Path dataDir) {
        return new BrokerConfig("127.0.0.1", 0, 0, dataDir, Map.of());
    }

    /** How many nodes the cluster has: 1 without a quorum. */
    public int clusterSize() {
        return controllerQuorum == null ? 1 : controllerQuorum.size();
    }

    private static void checkPort(int port, String setting) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(setting + " must be 0..65535, was " + port);
        }
    }
}
