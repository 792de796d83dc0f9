package io.taskrunner.worker.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a worker is alive, as the share group sees it: a worker is alive while one of its consumers
 * ({@code taskrunner-worker-<identity>-<n>}) is a member of the workers' group. A member that dies leaves
 * the group when its session times out. When the group cannot be described, every worker counts as alive:
 * a task is never taken over on a guess. Thread-safe; the membership is read at most once a second.
 */
public final class WorkerLiveness {
    private static final Logger log = LoggerFactory.getLogger(WorkerLiveness.class);
    private static final long REFRESH_MS = 1000;

    private final Admin admin;
    private final String group;
    private Set<String> clientIds = Set.of();
    private long readAt;
    private boolean known;

    public WorkerLiveness(Admin admin, String group) {
        this.admin = admin;
        this.group = group;
    }

    /** The client-id prefix of a worker's consumers. */
    public static String clientIdPrefix(String identity) {
        return "taskrunner-worker-" + identity + "-";
    }

    public synchronized boolean isAlive(String identity) {
        if (!known || System.currentTimeMillis() - readAt >= REFRESH_MS) {
            refresh();
        }
        String prefix = clientIdPrefix(identity);
        return !known || clientIds.stream().anyMatch(id -> id.startsWith(prefix));
    }

    private void refresh() {
        readAt = System.currentTimeMillis();
        try {
            clientIds = admin.describeShareGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group)
                    .members().stream().map(ShareMemberDescription::clientId).collect(Collectors.toSet());
            known = true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("Cannot describe share group {}: {}", group, e.toString());
            known = false;
        }
    }
}
