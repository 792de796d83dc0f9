package io.taskrunner.bench;

import io.taskrunner.client.TaskClient;
import io.taskrunner.client.TaskClientConfig;
import io.taskrunner.core.kafka.Topics;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A program that submits tasks with {@link TaskClient#submit} in a loop and closes the client, as a user's
 * program would; scenario 7 times it as a process. Arguments: bootstrap servers, topic prefix, run id, task
 * count, payload text. The futures are dropped: nothing runs the tasks, and the harness counts the records.
 */
public final class ClientSubmit {
    private ClientSubmit() {
    }

    public static void main(String[] args) {
        String bootstrap = args[0];
        Topics topics = Topics.defaults().withPrefix(args[1]);
        String run = args[2];
        long count = Long.parseLong(args[3]);
        String payload = args[4];
        try (TaskClient client = TaskClient.connect(TaskClientConfig.of(bootstrap).withTopics(topics).withRun(run))) {
            for (long i = 0; i < count; i++) {
                client.submit("echo", payload, JsonNode.class);
            }
        }
    }
}
