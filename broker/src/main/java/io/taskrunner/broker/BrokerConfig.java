package io.taskrunner.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of an in-process single-node KRaft broker.
 *
 * @param host           the address to listen on and advertise
 * @param port           client port; 0 picks a free one
 * @param controllerPort KRaft controller port; 0 picks a free one
 * @param dataDir        where logs and metadata live; formatted on first start, reused afterwards
 * @param overrides      extra broker properties, applied last
 */
public record BrokerConfig(String host, int port, int controllerPort, Path dataDir, Map<String, String> overrides) {
    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;

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
    }

    /** A broker on free loopback ports, storing its data under {@code dataDir}. */
    public static BrokerConfig ephemeral(Path dataDir) {
        return new BrokerConfig("127.0.0.1", 0, 0, dataDir, Map.of());
    }

    private static void checkPort(int port, String setting) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(setting + " must be 0..65535, was " + port);
        }
    }
}
