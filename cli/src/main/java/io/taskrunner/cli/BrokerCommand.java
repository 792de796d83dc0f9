package io.taskrunner.cli;

import io.taskrunner.broker.BrokerConfig;
import io.taskrunner.broker.ControllerQuorum;
import io.taskrunner.broker.InProcessBroker;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code taskrunner broker}: a real KRaft broker for local runs, alone or as one node of a cluster, until
 * Ctrl-C or SIGTERM.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run an Apache Kafka broker (KRaft, combined broker and controller) in this process until "
                + "stopped: a single node, or one node of a cluster with --node-id and --controller-quorum.")
final class BrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port",
            description = "KRaft controller port (default: this node's port in --controller-quorum, else 9093).")
    Integer controllerPort;

    @Option(names = "--node-id", defaultValue = "1", paramLabel = "ID",
            description = "This node's id in the cluster (default: ${DEFAULT-VALUE}).")
    int nodeId;

    @Option(names = "--controller-quorum", paramLabel = "ID@HOST:PORT,...",
            description = "Make this node one of a cluster: every node of it, as id@host:controller-port, the same "
                    + "list on each (e.g. 1@127.0.0.1:9193,2@127.0.0.1:9293,3@127.0.0.1:9393). Start the nodes "
                    + "together: each serves once a majority is up. Default: this node alone.")
    String controllerQuorum;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on and advertise (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the broker keeps its data; formatted on first start, reused after "
                    + "(default: taskrunner-broker-PORT in the temp directory).")
    Path dataDir;

    @Override
    public Integer call() {
        Path dir = dataDir != null ? dataDir
                : Path.of(System.getProperty("java.io.tmpdir"), "taskrunner-broker-" + port);
        ControllerQuorum quorum = controllerQuorum == null ? null : ControllerQuorum.parse(controllerQuorum);
        int ownControllerPort = controllerPort != null ? controllerPort
                : quorum != null && quorum.controllerPortOf(nodeId) != null ? quorum.controllerPortOf(nodeId)
                : BrokerConfig.DEFAULT_CONTROLLER_PORT;
        BrokerConfig config = new BrokerConfig(host, port, ownControllerPort, dir, Map.of(), nodeId, quorum);
        InProcessBroker broker = InProcessBroker.start(config);
        StopSignals.install("the broker", broker::close);
        spec.commandLine().getOut().println("Kafka broker ready at " + broker.bootstrapServers() + " (data in " + dir
                + (quorum == null ? "" : "; node " + nodeId + " of " + quorum.size()) + ")");
        spec.commandLine().getOut().flush();
        broker.awaitShutdown();
        return Main.EXIT_OK;
    }
}
