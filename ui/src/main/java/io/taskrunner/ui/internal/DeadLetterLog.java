package io.taskrunner.ui.internal;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.ui.Views.DeadLetterView;
import io.taskrunner.ui.Views.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The newest {@value #CAP} records of the dead-letter topic with their reason headers (docs/PROTOCOL.md,
 * "Dead letters"), and how many there have been. Not thread-safe: the {@link Board} guards it.
 */
final class DeadLetterLog {
    static final int CAP = 1_000;
    static final int VALUE_CHARS = 2_000;

    private final Deque<DeadLetterView> entries = new ArrayDeque<>();
    private final ProtocolCodec codec;
    private long total;

    DeadLetterLog(ProtocolCodec codec) {
        this.codec = codec;
    }

    void add(ConsumerRecord<String, byte[]> record) {
        total++;
        var identity = record.value() == null ? java.util.Optional.<ProtocolCodec.TaskIdentity>empty()
                : codec.peekIdentity(record.value());
        String count = header(record, "taskrunner.delivery.count");
        String originTopic = header(record, "taskrunner.origin.topic");
        String origin = originTopic == null ? null : originTopic + "-" + header(record, "taskrunner.origin.partition")
                + "@" + header(record, "taskrunner.origin.offset");
        String value = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        entries.addFirst(new DeadLetterView(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), header(record, "taskrunner.reason"), header(record, "taskrunner.detail"), origin,
                count == null ? null : parse(count), identity.map(ProtocolCodec.TaskIdentity::run).orElse(null),
                identity.map(ProtocolCodec.TaskIdentity::id).orElse(null),
                value == null || value.length() <= VALUE_CHARS ? value : value.substring(0, VALUE_CHARS)));
        if (entries.size() > CAP) {
            entries.removeLast();
        }
    }

    /** The newest first, at most {@code limit}. */
    DeadLetters newest(int limit) {
        List<DeadLetterView> list = new ArrayList<>();
        for (DeadLetterView entry : entries) {
            if (list.size() >= limit) {
                break;
            }
            list.add(entry);
        }
        return new DeadLetters(total, CAP, list);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Integer parse(String count) {
        try {
            return Integer.valueOf(count.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
