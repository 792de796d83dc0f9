package io.taskrunner.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.protocol.Cancellation;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ProtocolException;
import io.taskrunner.core.protocol.ResultMessage;
import io.taskrunner.core.protocol.TaskMessage;
import io.taskrunner.core.protocol.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code concurrent.futures} across a taskrunner cluster:
 *
 * <pre>{@code
 * try (TaskClient client = TaskClient.connect(TaskClientConfig.of("localhost:9092"))) {
 *     List<TaskFuture<String>> futures = ...client.submit("sleep", Map.of("ms", 1000), String.class)...;
 *     for (TaskFuture<String> done : client.asCompleted(futures, Duration.ofSeconds(30))) { ... }
 *     client.map("echo", inputs, JsonNode.class).forEach(System.out::println);   // submission order
 * }
 * }</pre>
 *
 * <p>One producer and one results consumer per client, shared by all its futures: the consumer reads the
 * client's run's partition of the results topic and completes futures by sequence number (a second result
 * of a task, from a re-run, is ignored). A client connected with the run id of an earlier client first
 * reads the results already there; submitting the same tasks again in the same order then completes
 * those futures at once, without running anything twice. Thread-safe.
 */
public final class TaskClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskClient.class);
    /** Default number of tasks {@link #map} keeps submitted ahead of the consumer. */
    public static final int DEFAULT_MAP_WINDOW = 64;

    private final TaskClientConfig config;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final Clock clock = Clock.systemUTC();
    private final Map<Long, TaskFuture<?>> pending = new ConcurrentHashMap<>();
    private final Map<Long, Class<?>> resultTypes = new ConcurrentHashMap<>();
    private final Map<Long, ResultMessage> earlier = new ConcurrentHashMap<>();
    private final AtomicLong nextSeq = new AtomicLong();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread reader;
    private volatile boolean closing;

    private TaskClient(TaskClientConfig config, KafkaProducer<String, byte[]> producer,
                       KafkaConsumer<String, byte[]> consumer) {
        this.config = config;
        this.producer = producer;
        this.consumer = consumer;
        this.reader = new Thread(this::readResults, "taskrunner-client-results-" + config.run());
        this.reader.setDaemon(true);
    }

    /** Connects, and returns once the results already published for the run have been read. */
    public static TaskClient connect(TaskClientConfig config) {
        KafkaClients clients = new KafkaClients(config.kafka());
        clients.ensureTopics(config.topics());
        TaskClient client = new TaskClient(config, clients.producer("taskrunner-client-" + config.run(), Map.of()),
                clients.consumer("taskrunner-client-" + config.run(), Map.of()));
        client.reader.start();
        try {
            if (!client.caughtUp.await(config.kafka().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                client.close();
                throw new IllegalStateException("could not read the results of run " + config.run() + " within "
                        + config.kafka().connectTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new IllegalStateException("interrupted while connecting", e);
        }
        return client;
    }

    /** The run this client's tasks belong to. */
    public String run() {
        return config.run();
    }

    /**
     * Submits one task and returns its future at once.
     *
     * @param payload    anything Jackson can write (a map, a record, a JsonNode)
     * @param resultType what the result value is read as ({@code JsonNode.class} for the raw value)
     */
    public <T> TaskFuture<T> submit(String type, Object payload, Class<T> resultType) {
        long seq = nextSeq.getAndIncrement();
        String id = String.valueOf(seq);
        TaskFuture<T> future = new TaskFuture<>(id, seq, () -> requestCancellation(id));
        resultTypes.put(seq, resultType);
        pending.put(seq, future);
        ResultMessage known = earlier.remove(seq);
        if (known != null) {
            complete(known);
            return future;
        }
        TaskMessage task = TaskMessage.first(id, config.run(), seq, type, codec.mapper().valueToTree(payload),
                clock.millis());
        producer.send(new ProducerRecord<>(config.topics().tasks(), id, codec.encode(task)), (metadata, error) -> {
            if (error != null) {
                pending.remove(seq);
                future.completeExceptionally(new IllegalStateException("task " + id + " could not be submitted: "
                        + error.getMessage(), error));
            }
        });
        return future;
    }

    /**
     * Yields the futures as they complete (fastest first), like Python's {@code as_completed}.
     *
     * @throws TaskTimeoutException from the iterator when {@code timeout} passes before all are done
     */
    public <T> Iterable<TaskFuture<T>> asCompleted(Collection<TaskFuture<T>> futures, Duration timeout) {
        BlockingQueue<TaskFuture<T>> done = new LinkedBlockingQueue<>();
        futures.forEach(future -> future.whenComplete((value, error) -> done.add(future)));
        long deadline = System.nanoTime() + timeout.toNanos();
        int total = futures.size();
        return () -> new Iterator<>() {
            private int yielded;

            @Override
            public boolean hasNext() {
                return yielded < total;
            }

            @Override
            public TaskFuture<T> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    TaskFuture<T> next = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        throw new TaskTimeoutException(total - yielded, timeout);
                    }
                    yielded++;
                    return next;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for results", e);
                }
            }
        };
    }

    /** {@link #map(String, Iterable, Class, int)} with {@value #DEFAULT_MAP_WINDOW} tasks outstanding at most. */
    public <T> Stream<T> map(String type, Iterable<?> payloads, Class<T> resultType) {
        return map(type, payloads, resultType, DEFAULT_MAP_WINDOW);
    }

    /**
     * Runs one task per payload and streams the results in submission order, like Python's
     * {@code Executor.map(buffersize=window)}: at most {@code window} tasks are submitted ahead of the one
     * the stream waits for, so a huge input is never all in flight or in memory. A failed task ends the
     * stream with its {@link TaskFailedException}.
     */
    public <T> Stream<T> map(String type, Iterable<?> payloads, Class<T> resultType, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("map window must be >= 1, was " + window);
        }
        Iterator<?> inputs = payloads.iterator();
        Deque<TaskFuture<T>> inFlight = new ArrayDeque<>();
        Iterator<T> results = new Iterator<>() {
            private void fill() {
                while (inFlight.size() < window && inputs.hasNext()) {
                    inFlight.add(submit(type, inputs.next(), resultType));
                }
            }

            @Override
            public boolean hasNext() {
                fill();
                return !inFlight.isEmpty();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T value = inFlight.removeFirst().join();
                fill();
                return value;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(results, Spliterator.ORDERED), false);
    }

    /** Tasks submitted and not yet answered. */
    public int outstanding() {
        return pending.size();
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        List<TaskFuture<?>> unfinished = new ArrayList<>(pending.values());
        unfinished.forEach(future -> future.completeExceptionally(
                new IllegalStateException("client closed before task " + future.taskId() + " finished")));
    }

    private void readResults() {
        try {
            TopicPartition partition = new TopicPartition(config.topics().results(), RunPartitioner.partition(
                    config.run(), consumer.partitionsFor(config.topics().results()).size()));
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (config.run().equals(record.key())) {
                        take(record);
                    }
                }
                if (caughtUp.getCount() > 0 && consumer.position(partition) >= end) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("Results reader of run {} stopped: {}", config.run(), e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        try {
            if (codec.decodeResultsTopic(record.value()) instanceof ResultMessage result) {
                if (pending.containsKey(result.seq())) {
                    complete(result);
                } else if (caughtUp.getCount() > 0) {
                    earlier.putIfAbsent(result.seq(), result);
                }
            }
        } catch (ProtocolException e) {
            log.warn("Skipping undecodable result at offset {}: {}", record.offset(), e.getMessage());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void complete(ResultMessage result) {
        TaskFuture future = pending.remove(result.seq());
        Class<?> type = resultTypes.remove(result.seq());
        if (future == null) {
            return; // a second result of the same task: the first one counted
        }
        if (result.status() == TaskStatus.SUCCEEDED) {
            try {
                future.complete(codec.mapper().treeToValue(result.value(), type));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                future.completeExceptionally(new TaskFailedException(result.id(), result.status(), "ResultTypeMismatch",
                        "the value cannot be read as " + type.getSimpleName() + ": " + e.getMessage()));
            }
        } else if (result.status() == TaskStatus.CANCELLED) {
            future.completeExceptionally(new CancellationException("task " + result.id() + " was cancelled"));
        } else {
            future.completeExceptionally(new TaskFailedException(result.id(), result.status(), result.error().type(),
                    result.error().message()));
        }
    }

    private void requestCancellation(String id) {
        producer.send(new ProducerRecord<>(config.topics().control(), config.run(),
                codec.encode(Cancellation.of(config.run(), id, clock.millis()))));
    }
}
