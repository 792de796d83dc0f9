package io.taskrunner.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 1 (and 5): no-op tasks with 200-byte payloads through one worker process, against the bare pipe
 * and Parallel Consumer on the same broker with the same record sizes and client settings ({@link Pipes}).
 * Every input is on the topic before the pipeline starts; the rate is taken from broker timestamps of the
 * output, so start-up is not counted for any of them. Each pipeline runs warm after the first (uncounted)
 * repetition: the baselines in the harness's JVM, the worker as one process kept across repetitions.
 */
final class NoOpThroughput implements AutoCloseable {
    private final BenchCluster cluster;
    private final int tasks;
    private final int concurrency;
    private final Map<String, WarmWorker> workers = new HashMap<>();

    /** One pipeline under measurement: tasks per second and broker CPU of one run named {@code name}. */
    interface Pipeline {
        Throughput run(String name) throws Exception;
    }

    NoOpThroughput(BenchCluster cluster, int tasks, int concurrency) {
        this.cluster = cluster;
        this.tasks = tasks;
        this.concurrency = concurrency;
    }

    /**
     * Tasks per second of one taskrunner worker process running {@code echo} tasks, with {@code --source
     * source}: the same process for every repetition ({@link WarmWorker}), so only the first is cold.
     */
    Throughput taskrunner(String name, String source) throws Exception {
        WarmWorker worker = workers.computeIfAbsent(source, s -> new WarmWorker(cluster, s,
                List.of("--group", "bench-workers-" + s, "--source", s, "--concurrency", "" + concurrency)));
        return worker.run(name, tasks);
    }

    @Override
    public void close() throws Exception {
        for (WarmWorker worker : workers.values()) {
            worker.close();
        }
    }

    /** Records per second of the bare consume-produce-commit loop. */
    Throughput barePipe(String name) throws Exception {
        return Pipes.barePipe(cluster, name, tasks);
    }

    /** Records per second of Parallel Consumer doing the same copy with {@code maxConcurrency} in flight. */
    Throughput parallelConsumer(String name, int maxConcurrency) throws Exception {
        return new ParallelConsumerPipe(cluster, tasks, maxConcurrency).run(name);
    }
}
