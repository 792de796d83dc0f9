package io.taskrunner.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.client.internal.ResultsReader;
import io.taskrunner.client.internal.SequenceNumbers;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.kafka.RunPartitioner;
import io.taskrunner.core.kafka.RunStarts;
import io.taskrunner.core.kafka.TopicSetup;
import io.taskrunner.core.kafka.Topics;
import io.taskrunner.core.protocol.Cancellation;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ProtocolException;
import io.taskrunner.core.protocol.TaskMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

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
 * <p>One producer and one results reader per client, shared by all its futures: the reader reads the
 * client's run's partition of the results topic and completes futures by sequence number (a second result
 * of a task, from a re-run, is ignored), on the {@linkplain TaskClientConfig#callbackExecutor() callback
 * executor}. If the reader stops on an error, every future still waiting fails with
 * {@link ResultsReaderStoppedException}, and so does every later {@code submit}. A client connected with the
 * run id of an earlier client first reads the results already there; submitting the same tasks again in the
 * same order then completes those futures at once, without running anything twice, and submitting a
 * different task where the run has a result throws {@link RecoveryMismatchException}. Thread-safe.
 */
public final class TaskClient implements AutoCloseable {
    /** Default number of tasks {@link #map} keeps submitted ahead of the consumer. */
    public static final int DEFAULT_MAP_WINDOW = 64;

    private final TaskClientConfig config;
    private final KafkaProducer<String, byte[]> producer;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService ownedCallbackPool;
    private final PendingTasks tasks;
    private final SequenceNumbers numbers;
    /** The reader's consumer: the connecting thread uses it to look up the run's start, before the reader runs. */
    private final KafkaConsumer<String, byte[]> readerConsumer;
    private final ResultsReader reader;
    private final Thread readerThread;

    private TaskClient(TaskClientConfig config, KafkaClients clients) {
        this.config = config;
        this.numbers = new SequenceNumbers(config.run());
        this.ownedCallbackPool = config.callbackExecutor() == null ? callbackPool(config.run()) : null;
        this.tasks = new PendingTasks(config.run(), codec.mapper(),
                ownedCallbackPool != null ? ownedCallbackPool : config.callbackExecutor());
        this.producer = clients.producer("taskrunner-client-" + config.run(), Map.of());
        this.readerConsumer = clients.consumer("taskrunner-client-" + config.run(), Map.of());
        this.reader = new ResultsReader(readerConsumer, config.run(), config.topics().results(), codec, tasks);
        this.readerThread = new Thread(reader, "taskrunner-client-results-" + config.run());
        this.readerThread.setDaemon(true);
    }

    /**
     * Connects, and returns once the results already published for the run have been read. A run this client
     * is the first to submit is announced ({@link RunStarts}), so this client, a client reconnecting with the
     * same run id, and {@code collector --run} all read the run's partition from where the run starts rather
     * than from the partition's beginning.
     *
     * @throws ResultsReaderStoppedException when reading them failed
     */
    public static TaskClient connect(TaskClientConfig config) {
        KafkaClients clients = new KafkaClients(config.kafka());
        TaskClient client = new TaskClient(config, clients);
        try (Admin admin = clients.admin()) {
            new TopicSetup(admin, clients.settings()).ensureTopics(config.topics(), config.topics().forProducers());
            client.reader.startAt(client.runStart(admin));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        client.readerThread.start();
        try {
            if (!client.reader.awaitCaughtUp(config.kafka().connectTimeout())) {
                throw new IllegalStateException("could not read the results of run " + config.run() + " within "
                        + config.kafka().connectTimeout());
            }
            client.tasks.requireReaderRunning();
            return client;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new IllegalStateException("interrupted while connecting", e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Where the run's results begin: as announced by the run's first client (this run id connected before), or
     * announced now, before this client's first task.
     */
    private long runStart(Admin admin) {
        Topics topics = config.topics();
        Duration timeout = config.kafka().connectTimeout();
        int partition = RunPartitioner.partition(config.run(), producer.partitionsFor(topics.results()).size());
        RunStarts.Lookup lookup = RunStarts.lookup(readerConsumer, topics, config.run(), partition, codec, timeout);
        if (!lookup.complete()) { // a notice may be there unread: announcing anew would hide its results
            throw new IllegalStateException("could not read where run " + config.run() + " starts from "
                    + topics.control() + " within " + timeout);
        }
        OptionalLong announced = lookup.start();
        return announced.isPresent() ? announced.getAsLong()
                : RunStarts.announce(admin, producer, topics, config.run(), codec, clock, timeout).offset();
    }

    /** The id of the task this client submits at {@code seq}: the number in decimal. */
    static String idOf(long seq) {
        return Long.toString(seq);
    }

    /** The run this client's tasks belong to. */
    public String run() {
        return config.run();
    }

    /** {@link #submit(String, Object, Class, TaskOptions)} with the client's task defaults. */
    public <T> TaskFuture<T> submit(String type, Object payload, Class<T> resultType) {
        return submit(type, payload, resultType, TaskOptions.defaults());
    }

    /**
     * Submits one task and returns its future at once. A submission this method refuses (it throws) takes no
     * position in the run. One whose send Kafka refuses afterwards (a record over the producer's
     * {@code max.request.size}, a broker unreachable past {@code delivery.timeout.ms}) fails the returned future
     * with the reason, and its position stays empty: {@link #map} and {@link #asCompleted} report that failure,
     * and a collector reading the run in submission order from elsewhere waits at that position.
     *
     * @param payload    anything Jackson can write (a map, a record, a JsonNode)
     * @param resultType what the result value is read as ({@code JsonNode.class} for the raw value)
     * @param options    the task's attempts and time limit, where it sets them; else the client's defaults
     * @throws IllegalArgumentException      when Jackson cannot write {@code payload}, or {@code type} is blank;
     *                                       nothing is submitted, and the next task takes the position
     * @throws IllegalStateException         when the run holds {@link TaskMessage#SEQ_LIMIT} tasks, the most it can
     * @throws ResultsReaderStoppedException when the client can no longer receive results
     * @throws RecoveryMismatchException     when the client's run already has a result for a different task at
     *                                       this position
     */
    public <T> TaskFuture<T> submit(String type, Object payload, Class<T> resultType, TaskOptions options) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(options, "options");
        JsonNode json = codec.mapper().valueToTree(payload);
        TaskMessage task = numbers.next(seq -> {
            try {
                return options.over(config.taskDefaults())
                        .firstAttempt(idOf(seq), config.run(), seq, type, json, clock.millis());
            } catch (ProtocolException e) {
                throw new IllegalArgumentException("task not submitted: " + e.getMessage(), e);
            }
        });
        long seq = task.seq();
        String id = task.id();
        CompletableFuture<T> result = new CompletableFuture<>();
        TaskFuture<T> future = new TaskFuture<>(id, seq, result, () -> requestCancellation(id));
        if (tasks.register(seq, type, resultType, result)) {
            return future; // the run's recovered result answered it
        }
        try {
            producer.send(new ProducerRecord<>(config.topics().tasks(), id, codec.encode(task)), (metadata, error) -> {
                if (error != null) {
                    tasks.fail(seq, notSubmitted(id, error));
                }
            });
        } catch (RuntimeException e) {
            tasks.fail(seq, notSubmitted(id, e));
        }
        return future;
    }

    /**
     * Yields the futures as they complete (fastest first), like Python's {@code as_completed}. A yielded
     * future may have failed; its {@link TaskFuture#join()} throws what it failed with.
     *
     * @throws TaskTimeoutException from the iterator when {@code timeout} passes before all are done
     */
    public <T> Iterable<TaskFuture<T>> asCompleted(Collection<TaskFuture<T>> futures, Duration timeout) {
        return new CompletionOrder<>(futures, timeout);
    }

    /** {@link #map(String, Iterable, Class, int)} with {@value #DEFAULT_MAP_WINDOW} tasks outstanding at most. */
    public <T> Stream<T> map(String type, Iterable<?> payloads, Class<T> resultType) {
        return map(type, payloads, resultType, DEFAULT_MAP_WINDOW);
    }

    /**
     * Runs one task per payload and streams the results in submission order, like Python's
     * {@code Executor.map(buffersize=window)}: at most {@code window} tasks are submitted ahead of the one
     * the stream waits for, so a huge input is never all in flight or in memory. The first task that does
     * not succeed ends the stream with what {@link TaskFuture#join()} throws for it, unwrapped:
     *
     * @throws TaskFailedException           from the stream, when a task failed, timed out or was rejected
     * @throws CancellationException         from the stream, when a task was cancelled
     * @throws ResultsReaderStoppedException from the stream, when the client can no longer receive results
     * @throws RecoveryMismatchException     from the stream, as {@link #submit(String, Object, Class, TaskOptions)}
     */
    public <T> Stream<T> map(String type, Iterable<?> payloads, Class<T> resultType, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("map window must be >= 1, was " + window);
        }
        Iterator<T> results = new SubmissionOrder<>(payloads.iterator(),
                payload -> submit(type, payload, resultType), window);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(results, Spliterator.ORDERED), false);
    }

    /** Tasks submitted and not yet answered. */
    public int outstanding() {
        return tasks.size();
    }

    /**
     * Stops reading results and fails the futures still waiting; shuts the callback pool down if the client
     * owns it (callbacks already due still run).
     */
    @Override
    public void close() {
        if (readerThread.getState() == Thread.State.NEW) {
            readerConsumer.close(); // connect failed before the reader ran: its consumer is still the client's
        } else {
            reader.stop();
            try {
                readerThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(10));
        tasks.failAll(id -> new IllegalStateException("client closed before task " + id + " finished"));
        if (ownedCallbackPool != null) {
            ownedCallbackPool.shutdown();
        }
    }

    private static IllegalStateException notSubmitted(String id, Throwable error) {
        return new IllegalStateException("task " + id + " could not be submitted: " + error.getMessage(), error);
    }

    private void requestCancellation(String id) {
        producer.send(new ProducerRecord<>(config.topics().control(), config.run(),
                codec.encode(Cancellation.of(config.run(), id, clock.millis()))));
    }

    /** The client's own callback pool: grows with callbacks that block, so none delays another result. */
    private static ExecutorService callbackPool(String run) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "taskrunner-client-callbacks-" + run + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
