package io.taskrunner.worker;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The handlers a worker can run, by task type. Immutable. */
public final class HandlerRegistry {
    private final Map<String, TaskHandler> byType;

    public HandlerRegistry(Collection<? extends TaskHandler> handlers) {
        Map<String, TaskHandler> map = new TreeMap<>();
        for (TaskHandler handler : handlers) {
            TaskHandler previous = map.putIfAbsent(handler.type(), handler);
            if (previous != null) {
                throw new IllegalArgumentException("two handlers for task type '" + handler.type() + "': "
                        + previous.getClass().getName() + " and " + handler.getClass().getName());
            }
        }
        this.byType = Map.copyOf(map);
    }

    /** Every handler registered with {@link ServiceLoader} on the given class loader. */
    public static HandlerRegistry discover(ClassLoader classLoader) {
        return new HandlerRegistry(ServiceLoader.load(TaskHandler.class, classLoader).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    public static HandlerRegistry of(TaskHandler... handlers) {
        return new HandlerRegistry(List.of(handlers));
    }

    /**
     * Only the handlers of the given types ({@code --types}): a worker runs nothing it was not allowed to,
     * whatever is on its class path.
     *
     * @throws IllegalArgumentException naming {@code --types} when a type has no handler
     */
    public HandlerRegistry allowOnly(Collection<String> allowed) {
        List<String> unknown = allowed.stream().filter(type -> !byType.containsKey(type)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--types names " + unknown + " but no handler runs "
                    + (unknown.size() == 1 ? "it" : "them") + "; handlers found: " + String.join(", ", types()));
        }
        return new HandlerRegistry(allowed.stream().distinct().map(byType::get).toList());
    }

    public Optional<TaskHandler> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The task types this registry can run, sorted. */
    public SortedSet<String> types() {
        return new TreeSet<>(byType.keySet());
    }
}
