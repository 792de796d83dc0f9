package io.taskrunner.ui.internal;

import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.Cancellation;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ProtocolException;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.RunSealed;
import io.taskrunner.core.protocol.RunStarted;
import io.taskrunner.core.protocol.ResultsTopicMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tasks, results, control, dead-letter and workers topics from their beginning, with one consumer
 * in no group (the view commits nothing and changes nothing), and feeds the {@link Board}. Records it cannot
 * read are counted and skipped: the view shows what it can. {@link #awaitCaughtUp} returns once it has read
 * up to where the topics ended when it started.
 */
public final class TopicFeed implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TopicFeed.class);

    private final Consumer<String, byte[]> consumer;
    private final Topics topics;
    private final Board board;
    private final ProtocolCodec codec;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicLong unreadable = new AtomicLong();
    private volatile boolean stopped;
    private Map<TopicPartition, Long> startEnds;

    public TopicFeed(Consumer<String, byte[]> consumer, Topics topics, Board board, ProtocolCodec codec) {
        this.consumer = consumer;
        this.topics = topics;
        this.board = board;
        this.codec = codec;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.control(), topics.workers(), topics.tasks(), topics.results(),
                    topics.deadLetters())) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            startEnds = new HashMap<>(consumer.endOffsets(partitions));
            while (!stopped) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    read(record);
                }
                checkCaughtUp();
            }
        } catch (WakeupException e) {
            if (!stopped) {
                log.error("The web view stopped reading Kafka: woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            log.error("The web view stopped reading Kafka: {}", e.toString(), e);
        } finally {
            caughtUp.countDown();
            consumer.close(Duration.ZERO);
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        try {
            if (topic.equals(topics.deadLetters())) {
                board.deadLetter(record);
            } else if (record.value() == null) {
                unreadable.incrementAndGet();
            } else if (topic.equals(topics.results())) {
                ResultsTopicMessage message = codec.decodeResultsTopic(record.value());
                if (message instanceof ResultMessage result) {
                    board.finished(result);
                } else if (message instanceof RunSealed seal) {
                    board.sealed(seal.run(), seal.count());
                }
            } else if (topic.equals(topics.tasks())) {
                board.submitted(codec.decodeTask(record.value()));
            } else if (topic.equals(topics.workers())) {
                board.worker(codec.decodeWorkerStatus(record.value()));
            } else if (topic.equals(topics.control())) {
                Record control = codec.decodeControl(record.value());
                if (control instanceof RunStarted started) {
                    board.seen(started.run(), started.startedAt());
                } else if (control instanceof Cancellation cancellation && cancellation.id() == null) {
                    board.cancelled(cancellation.run());
                }
            }
        } catch (ProtocolException | IllegalArgumentException e) {
            if (unreadable.incrementAndGet() <= 10) {
                log.debug("Skipping an unreadable record at {}-{}@{}: {}", topic, record.partition(), record.offset(),
                        e.getMessage());
            }
        }
    }

    private void checkCaughtUp() {
        if (caughtUp.getCount() == 0) {
            return;
        }
        startEnds.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
        if (startEnds.isEmpty()) {
            caughtUp.countDown();
        }
    }

    /** Waits until the view has read what the topics held when it started; false if that took too long. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Records skipped because they could not be read. */
    public long unreadable() {
        return unreadable.get();
    }

    public void stop() {
        stopped = true;
        consumer.wakeup();
    }
}
