package io.taskrunner.worker.internal;

import io.taskrunner.core.kafka.KafkaUnreachableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Applies the group settings workers rely on before any of them joins. Most important: a new share group
 * starts reading at the latest offset, so tasks submitted before the first worker started would never be
 * seen; {@code share.auto.offset.reset=earliest} makes the group start from the oldest task.
 */
public final class ShareGroupSetup {
    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    public ShareGroupSetup(Admin admin, String bootstrapServers, Duration timeout) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    public void apply(String groupId) {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
        List<AlterConfigOp> ops = List.of(new AlterConfigOp(
                new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET));
        try {
            admin.incrementalAlterConfigs(Map.of(group, ops)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new KafkaUnreachableException(bootstrapServers, timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new KafkaUnreachableException(bootstrapServers, timeout);
            }
            throw new IllegalStateException("cannot configure share group '" + groupId + "' (does the broker run "
                    + "Kafka 4.2+ with share groups enabled?): " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring share group " + groupId, e);
        }
    }
}
