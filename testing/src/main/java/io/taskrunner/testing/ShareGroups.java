package io.taskrunner.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ShareGroupDescription;

/** Waits for share-group membership, so a test can submit tasks once every worker slot is ready to take one. */
public final class ShareGroups {
    private ShareGroups() {
    }

    /**
     * Blocks until {@code group} has at least {@code members} members that each have an assignment.
     *
     * @throws AssertionError when that does not happen within {@code timeout}
     */
    public static void awaitAssignedMembers(Admin admin, String group, int members, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            try {
                ShareGroupDescription description = admin.describeShareGroups(List.of(group)).all()
                        .get(10, TimeUnit.SECONDS).get(group);
                seen = (int) description.members().stream()
                        .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                if (seen >= members) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // the group may not exist until its first member joins
            }
            Thread.sleep(200);
        }
        throw new AssertionError("share group " + group + " has " + seen + " assigned members, expected " + members
                + " within " + timeout);
    }
}
