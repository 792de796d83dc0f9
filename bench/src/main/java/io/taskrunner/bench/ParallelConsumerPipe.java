package io.taskrunner.bench;

import java.util.List;

/**
 * Baseline: the same copy pipe as {@link BarePipe} (same topics, input records and rate measurement; see
 * {@link Pipes}), with the consume-produce loop done by Confluent's Parallel Consumer instead, in a process of
 * its own on the kafka-clients version it is built for (module {@code bench-pc},
 * {@code io.taskrunner.benchpc.ParallelConsumerCopy}): unordered, {@code concurrency} records in flight,
 * offsets committed periodically and asynchronously (its default), each record copied by
 * {@code pollAndProduce} over an idempotent {@code acks=all} producer. The rate is taken from the broker
 * timestamps of the output records, so the process's start and its group join do not count.
 */
final class ParallelConsumerPipe {
    /** The class path of module bench-pc; {@code bench/run} sets it. */
    static final String CLASSPATH_PROPERTY = "taskrunner.pc-classpath";

    private final BenchCluster cluster;
    private final int tasks;
    private final int concurrency;

    ParallelConsumerPipe(BenchCluster cluster, int tasks, int concurrency) {
        this.cluster = cluster;
        this.tasks = tasks;
        this.concurrency = concurrency;
    }

    /**
     * Records per second through a Parallel Consumer pipe on new topics {@code bench-pc-<name>.in/.out}, and
     * the broker's CPU time while its process ran; throws if the process fails or does not copy every record
     * (it gives up after ten minutes).
     */
    Throughput run(String name) throws Exception {
        String classpath = System.getProperty(CLASSPATH_PROPERTY);
        if (classpath == null) {
            throw new IllegalStateException("no class path for the Parallel Consumer baseline: run the harness with "
                    + "bench/run, which sets -D" + CLASSPATH_PROPERTY);
        }
        String in = "bench-pc-" + name + ".in";
        String out = "bench-pc-" + name + ".out";
        Pipes.createTopics(cluster.clients(), in, out);
        Pipes.load(cluster.clients(), "bench-pc-load", in, tasks);
        double cpuBefore = cluster.brokerCpuSeconds();
        TimedProcess.run(classpath, List.of(), "io.taskrunner.benchpc.ParallelConsumerCopy", List.of(cluster.bootstrap(),
                in, out, String.valueOf(tasks), String.valueOf(concurrency), "bench-pc-" + name),
                cluster.dir().resolve("pc-" + name + ".out"));
        double cpu = cluster.brokerCpuSeconds() - cpuBefore;
        return new Throughput(Pipes.outputRate(cluster.clients(), out, tasks), cpu);
    }
}
