package io.taskrunner.client;

import io.taskrunner.core.kafka.KafkaSettings;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.RunId;
import io.taskrunner.core.protocol.TaskDefaults;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Settings of a {@link TaskClient}.
 *
 * @param kafka            how to reach Kafka (bootstrap servers, client properties, connect timeout)
 * @param topics           the taskrunner topics; the workers must use the same
 * @param run              the run this client's tasks belong to; a client started again with the same run
 *                         recovers the results already published
 * @param taskDefaults     attempts and time limit of a task that does not set its own ({@link TaskOptions});
 *                         by default {@link TaskDefaults#standard()}, the same as the producer command's
 * @param callbackExecutor where futures complete, and so where callbacks on their {@link TaskFuture#stage()
 *                         stages} run; never the thread that reads results, so a slow callback delays no other
 *                         result. Null (the default): a pool of daemon threads the client owns and shuts down on
 *                         {@code close}; an executor given here is the caller's to shut down, after the client
 */
public record TaskClientConfig(KafkaSettings kafka, Topics topics, String run, TaskDefaults taskDefaults,
                               Executor callbackExecutor) {
    public TaskClientConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        RunId.require(run);
        Objects.requireNonNull(taskDefaults, "taskDefaults");
    }

    /** Default topics, standard task defaults, a client-owned callback pool and a new run id of its own. */
    public static TaskClientConfig of(String bootstrapServers) {
        return new TaskClientConfig(KafkaSettings.of(bootstrapServers), Topics.defaults(),
                "client-" + UUID.randomUUID().toString().substring(0, 8), TaskDefaults.standard(), null);
    }

    public TaskClientConfig withRun(String newRun) {
        return new TaskClientConfig(kafka, topics, newRun, taskDefaults, callbackExecutor);
    }

    public TaskClientConfig withTopics(Topics newTopics) {
        return new TaskClientConfig(kafka, newTopics, run, taskDefaults, callbackExecutor);
    }

    public TaskClientConfig withTaskDefaults(TaskDefaults newTaskDefaults) {
        return new TaskClientConfig(kafka, topics, run, newTaskDefaults, callbackExecutor);
    }

    /** Futures complete on {@code executor}, which the caller shuts down after closing the client. */
    public TaskClientConfig withCallbackExecutor(Executor executor) {
        return new TaskClientConfig(kafka, topics, run, taskDefaults, Objects.requireNonNull(executor, "executor"));
    }
}
