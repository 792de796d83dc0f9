package io.taskrunner.worker.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share-group task source: pollers (narrow, medium and wide share consumers, see {@link IntakePolicy}) feed one
 * queue ({@link TaskDispatch}) that {@code concurrency} runners take tasks from. {@link #run()} starts every
 * thread and returns when all have ended; {@link #stop()} stops the fetching, lets the runners finish what
 * was fetched and the pollers acknowledge it; interrupting the thread in {@link #run()} abandons whatever
 * runs or waits (the pollers' consumers release those records for redelivery).
 */
public final class ShareSource implements TaskSource {
    private static final Logger log = LoggerFactory.getLogger(ShareSource.class);

    private final List<SharePoller> pollers;
    private final List<TaskRunner> runners;
    private final TaskDispatch dispatch;

    public ShareSource(List<SharePoller> pollers, List<TaskRunner> runners, TaskDispatch dispatch) {
        this.pollers = List.copyOf(pollers);
        this.runners = List.copyOf(runners);
        this.dispatch = dispatch;
    }

    /**
     * Runs until stopped and drained. A poller that fails (its consumer cannot be made, or a fetch fails for
     * good) stops the whole source, as {@link #stop()} does, and its error is thrown here once every thread
     * has ended: a worker must not go on with an intake that silently lost its consumers.
     */
    @Override
    public void run() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Runnable> guarded = new ArrayList<>();
        for (SharePoller poller : pollers) {
            guarded.add(() -> {
                try {
                    poller.run();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    stop();
                }
            });
        }
        List<Thread> runnerThreads = start(runners, "taskrunner-runner-");
        List<Thread> pollerThreads = start(guarded, "taskrunner-poller-");
        try {
            for (Thread thread : runnerThreads) {
                thread.join();
            }
            for (Thread thread : pollerThreads) {
                thread.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
        } catch (InterruptedException e) {
            log.info("Abandoning running and queued tasks ({} queued)", dispatch.queued());
            runnerThreads.forEach(Thread::interrupt);
            pollerThreads.forEach(Thread::interrupt);
            joinQuietly(runnerThreads);
            joinQuietly(pollerThreads);
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        pollers.forEach(SharePoller::stop);
        dispatch.stop();
    }

    private static List<Thread> start(List<? extends Runnable> work, String namePrefix) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            Thread thread = new Thread(work.get(i), namePrefix + i);
            thread.start();
            threads.add(thread);
        }
        return threads;
    }

    private static void joinQuietly(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
