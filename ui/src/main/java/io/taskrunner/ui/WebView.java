package io.taskrunner.ui;

import com.sun.net.httpserver.HttpServer;
import io.taskrunner.core.kafka.KafkaClients;
import io.taskrunner.core.protocol.Cancellation;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.ui.internal.Board;
import io.taskrunner.ui.internal.TopicFeed;
import io.taskrunner.ui.internal.WebRoutes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code taskrunner ui}: a live web view of runs, their tasks, failures, dead letters and workers, built from
 * the topics alone (it rebuilds itself after a restart) and served by the JDK's HTTP server. Read-only
 * unless {@link UiConfig#allowCancel()}. Wiring only: the parts live in {@code internal}.
 */
public final class WebView implements AutoCloseable {
    private final HttpServer server;
    private final TopicFeed feed;
    private final Thread feedThread;
    private final WebRoutes routes;
    private final ExecutorService httpThreads;
    private final KafkaProducer<String, byte[]> producer;

    private WebView(HttpServer server, TopicFeed feed, Thread feedThread, WebRoutes routes, ExecutorService httpThreads,
                    KafkaProducer<String, byte[]> producer) {
        this.server = server;
        this.feed = feed;
        this.feedThread = feedThread;
        this.routes = routes;
        this.httpThreads = httpThreads;
        this.producer = producer;
    }

    /**
     * Creates those of the topics it uses that are missing ({@link io.taskrunner.core.kafka.Topics#forWebView()}),
     * starts reading them and serves the view.
     *
     * @throws IllegalArgumentException naming {@code --port} when the address cannot be bound
     */
    public static WebView start(KafkaClients clients, UiConfig config) {
        clients.ensureTopics(config.topics(), config.topics().forWebView());
        ProtocolCodec codec = new ProtocolCodec();
        Board board = new Board(config.maxRuns(), config.maxTasksPerRun(), config.taskRowsMb() * 1024L * 1024L, codec,
                System::currentTimeMillis);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (IOException e) {
            throw new IllegalArgumentException("--host " + config.host() + " --port " + config.port()
                    + " cannot be used: " + e.getMessage(), e);
        }
        KafkaProducer<String, byte[]> producer = config.allowCancel() ? clients.producer("taskrunner-ui", Map.of()) : null;
        BiConsumer<String, String> canceller = producer == null ? null : (run, task) -> {
            Cancellation cancellation = Cancellation.of(run, task, System.currentTimeMillis());
            try {
                producer.send(new ProducerRecord<>(config.topics().control(), run, codec.encode(cancellation)))
                        .get(clients.settings().connectTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the cancellation was not written: " + e, e);
            }
        };
        WebRoutes routes = new WebRoutes(board, codec.mapper(), canceller, config.token(),
                server.getAddress().getAddress().isLoopbackAddress());
        routes.install(server);
        AtomicInteger threadCount = new AtomicInteger();
        ExecutorService httpThreads = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "taskrunner-ui-http-" + threadCount.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(httpThreads);
        TopicFeed feed = new TopicFeed(clients.consumer("taskrunner-ui", Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)), config.topics(), board, codec);
        Thread feedThread = new Thread(feed, "taskrunner-ui-feed");
        feedThread.setDaemon(true);
        feedThread.start();
        server.start();
        return new WebView(server, feed, feedThread, routes, httpThreads, producer);
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Waits until the view has read what the topics held when it started. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return feed.awaitCaughtUp(timeout);
    }

    /** Whether the feed still reads Kafka. */
    public boolean isRunning() {
        return feedThread.isAlive();
    }

    @Override
    public void close() {
        routes.close();
        server.stop(0);
        httpThreads.shutdownNow();
        feed.stop();
        try {
            feedThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
