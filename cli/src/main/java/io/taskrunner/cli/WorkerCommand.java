package io.taskrunner.cli;

import io.taskrunner.worker.HandlerRegistry;
import io.taskrunner.worker.Worker;
import io.taskrunner.worker.WorkerConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code taskrunner worker}: runs tasks until SIGTERM; start more processes to scale out. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run tasks from the tasks topic and publish their results, until stopped (SIGTERM, Ctrl-C).")
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--concurrency", defaultValue = "" + WorkerConfig.DEFAULT_CONCURRENCY,
            description = "Tasks this process runs at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--group", defaultValue = WorkerConfig.DEFAULT_GROUP,
            description = "Share group shared by all workers of a deployment (default: ${DEFAULT-VALUE}).")
    String group;

    @Override
    public Integer call() throws InterruptedException {
        WorkerConfig config = new WorkerConfig(kafka.topics(), group, concurrency, Duration.ofMillis(500));
        Worker worker = Worker.start(kafka.clients(), config, HandlerRegistry.discover(getClass().getClassLoader()));
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "taskrunner-worker-shutdown"));
        try {
            worker.termination().get();
            return Main.EXIT_OK;
        } catch (ExecutionException e) {
            throw new IllegalStateException("worker stopped: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
