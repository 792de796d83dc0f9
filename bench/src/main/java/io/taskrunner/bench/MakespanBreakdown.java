package io.taskrunner.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a scale-out run's slot time went, so a makespan over the ideal can be traced: of each slot's share of
 * the makespan, the time before its worker's first tasks began (head), after its worker's last tasks ended
 * (tail), between tasks (gaps), and the tasks' own time over what they asked for (overrun). Computed from
 * each task's worker, start and finish as the results report them (one clock: one machine). Slots are not
 * named in results, so a worker's head and tail are taken from its first and last {@code slots} tasks.
 */
final class MakespanBreakdown {
    /** One task as its result reports it, with the sleep it asked for. */
    record Task(String worker, long startedAt, long finishedAt, long askedMs) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private final int slots;

    MakespanBreakdown(int slots) {
        this.slots = slots;
    }

    void add(Task task) {
        tasks.add(task);
    }

    /** ms per slot: head, gaps, tail, overrun; then the tasks per worker, fewest to most. */
    String describe() {
        long first = tasks.stream().mapToLong(Task::startedAt).min().orElseThrow();
        long last = tasks.stream().mapToLong(Task::finishedAt).max().orElseThrow();
        Map<String, List<Task>> byWorker = new HashMap<>();
        tasks.forEach(task -> byWorker.computeIfAbsent(task.worker(), w -> new ArrayList<>()).add(task));
        double head = 0;
        double tail = 0;
        double busy = 0;
        double overrun = 0;
        for (List<Task> own : byWorker.values()) {
            own.sort(Comparator.comparingLong(Task::startedAt));
            for (int i = 0; i < Math.min(slots, own.size()); i++) {
                head += own.get(i).startedAt() - first;
            }
            own.sort(Comparator.comparingLong(Task::finishedAt).reversed());
            for (int i = 0; i < Math.min(slots, own.size()); i++) {
                tail += last - own.get(i).finishedAt();
            }
            for (Task task : own) {
                busy += task.finishedAt() - task.startedAt();
                overrun += task.finishedAt() - task.startedAt() - task.askedMs();
            }
        }
        int allSlots = slots * byWorker.size();
        double gaps = (double) allSlots * (last - first) - busy - head - tail;
        List<Integer> counts = byWorker.values().stream().map(List::size).sorted().toList();
        return String.format(Locale.ROOT, "per slot: head %.0f ms, gaps %.0f ms (%.1f ms a task), tail %.0f ms, "
                + "overrun %.0f ms; tasks per worker %s", head / allSlots, gaps / allSlots, gaps / tasks.size(),
                tail / allSlots, overrun / allSlots, counts);
    }
}
