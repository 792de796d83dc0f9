package io.taskrunner.ui.internal;

import java.util.Locale;
import java.util.Map;

/**
 * A filter and page of a run's tasks, from the query string of {@code /api/runs/RUN/tasks}.
 *
 * @param status a status ({@code SUCCEEDED}, {@code FAILED}, ..., {@code RUNNING}, {@code PENDING}), or
 *               {@code FAILURES} for every status but SUCCEEDED; null for all
 * @param type   a task type, null for all
 * @param search a part of the task id, null for all
 * @param page   0-based
 * @param size   tasks a page, 1..{@value #MAX_SIZE}
 */
public record TaskQuery(String status, String type, String search, int page, int size) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public TaskQuery {
        status = blankToNull(status) == null ? null : status.trim().toUpperCase(Locale.ROOT);
        type = blankToNull(type);
        search = blankToNull(search);
        if (page < 0) {
            throw new IllegalArgumentException("page must be >= 0, was " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be 1.." + MAX_SIZE + ", was " + size);
        }
    }

    /** From query parameters; a number that does not parse is a clear error. */
    public static TaskQuery of(Map<String, String> parameters) {
        return new TaskQuery(parameters.get("status"), parameters.get("type"), parameters.get("q"),
                number(parameters, "page", 0), number(parameters, "size", DEFAULT_SIZE));
    }

    boolean matches(String rowStatus, String rowType, String id) {
        if (status != null && !(status.equals("FAILURES") ? !rowStatus.equals("SUCCEEDED")
                && !rowStatus.equals("RUNNING") && !rowStatus.equals("PENDING") : status.equals(rowStatus))) {
            return false;
        }
        if (type != null && !type.equals(rowType)) {
            return false;
        }
        return search == null || id.contains(search);
    }

    private static int number(Map<String, String> parameters, String name, int fallback) {
        String value = parameters.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
