package io.taskrunner.broker;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;

/**
 * The nodes of a KRaft cluster whose nodes are all combined brokers and controllers, as Kafka's
 * {@code controller.quorum.voters} names them: {@code 1@host-a:9093,2@host-b:9093,3@host-c:9093}.
 * Every node of a cluster is given the same quorum, from which they also derive the same cluster id.
 */
public record ControllerQuorum(String voters, Map<Integer, Integer> controllerPorts) {
    private static final Pattern VOTER = Pattern.compile("(\\d+)@([^:@,\\s]+|\\[[0-9a-fA-F:]+]):(\\d{1,5})");

    /**
     * Reads {@code id@host:port,...}.
     *
     * @throws IllegalArgumentException naming {@code --controller-quorum} when it is not that
     */
    public static ControllerQuorum parse(String voters) {
        if (voters == null || voters.isBlank()) {
            throw new IllegalArgumentException("--controller-quorum must list the nodes as id@host:port,...");
        }
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (String voter : voters.split(",")) {
            Matcher matcher = VOTER.matcher(voter.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("--controller-quorum: '" + voter.trim() + "' is not id@host:port");
            }
            if (ports.put(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(3))) != null) {
                throw new IllegalArgumentException("--controller-quorum names node " + matcher.group(1) + " twice");
            }
        }
        return new ControllerQuorum(voters.replace(" ", ""), Map.copyOf(ports));
    }

    public int size() {
        return controllerPorts.size();
    }

    /** The controller port of node {@code id}, null when it is not in the quorum. */
    public Integer controllerPortOf(int id) {
        return controllerPorts.get(id);
    }

    /**
     * The same for every node given this quorum, so their storage can be formatted apart and still agree. Like
     * Kafka's own random ids, never one that starts with '-' (which its storage tool would read as a flag).
     */
    public String clusterId() {
        for (int salt = 0; ; salt++) {
            UUID uuid = UUID.nameUUIDFromBytes(("taskrunner-cluster:" + salt + ":" + voters).getBytes(StandardCharsets.UTF_8));
            String id = new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()).toString();
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    @Override
    public String toString() {
        return voters;
    }
}
