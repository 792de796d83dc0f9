package io.taskrunner.cli;

import io.taskrunner.broker.BrokerConfig;
import io.taskrunner.broker.InProcessBroker;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code taskrunner broker}: a real single-node KRaft broker for local runs, until Ctrl-C or SIGTERM. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Apache Kafka broker (KRaft) in this process until stopped.")
final class BrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", defaultValue = "9093",
            description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

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
        InProcessBroker broker = InProcessBroker.start(new BrokerConfig(host, port, controllerPort, dir, Map.of()));
        StopSignals.install("the broker", broker::close);
        spec.commandLine().getOut().println("Kafka broker ready at " + broker.bootstrapServers() + " (data in " + dir + ")");
        spec.commandLine().getOut().flush();
        broker.awaitShutdown();
        return Main.EXIT_OK;
    }
}
