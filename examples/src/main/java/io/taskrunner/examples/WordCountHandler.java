package io.taskrunner.examples;

import io.taskrunner.worker.TaskContext;
import io.taskrunner.worker.TypedTaskHandler;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A custom handler packaged for the worker: task type {@code word-count}, payload {@code {"text": "..."}},
 * result the count of each word. Registered in {@code META-INF/services/io.taskrunner.worker.TaskHandler};
 * put this module's jar on a worker's class path and the worker runs it (see docs/HANDLERS.md).
 */
public final class WordCountHandler extends TypedTaskHandler<WordCountHandler.Text> {
    /** The payload. */
    public record Text(String text) {
    }

    public WordCountHandler() {
        super("word-count", Text.class);
    }

    @Override
    protected Object handle(TaskContext context, Text payload) {
        if (payload.text() == null) {
            throw new IllegalArgumentException("word-count needs {\"text\": \"...\"}");
        }
        Map<String, Integer> counts = new TreeMap<>();
        Arrays.stream(payload.text().toLowerCase(Locale.ROOT).split("\\W+")).filter(word -> !word.isEmpty())
                .forEach(word -> counts.merge(word, 1, Integer::sum));
        return counts;
    }
}
