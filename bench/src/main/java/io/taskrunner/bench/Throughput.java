package io.taskrunner.bench;

/**
 * What one run of a pipeline measured: its rate, and the CPU time (user + system) the broker process spent
 * while the pipeline ran, its input already written (so loading the input is not counted).
 *
 * @param perSecond        items (tasks, records) per second
 * @param brokerCpuSeconds the broker's CPU seconds over the run; NaN where /proc cannot say
 */
record Throughput(double perSecond, double brokerCpuSeconds) {
    /** The broker's CPU microseconds per item, for a run of {@code items}. */
    double brokerMicrosPer(int items) {
        return brokerCpuSeconds * 1e6 / items;
    }
}
