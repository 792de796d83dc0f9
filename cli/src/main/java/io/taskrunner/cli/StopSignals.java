package io.taskrunner.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT for long-running commands: the first starts a graceful stop, a second one stops the
 * process at once (exit 143), as operators expect from {@code docker stop} followed by an impatient Ctrl-C.
 * Uses {@code sun.misc.Signal} (module jdk.unsupported) because shutdown hooks cannot see a second signal.
 */
final class StopSignals {
    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);
    static final int EXIT_KILLED = 143;

    private StopSignals() {
    }

    /** Runs {@code gracefulStop} on its own thread at the first signal; halts at the second. */
    static void install(String what, Runnable gracefulStop) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                if (received.incrementAndGet() == 1) {
                    log.info("SIG{} received: stopping {} gracefully; send it again to stop at once", name, what);
                    Thread stopper = new Thread(gracefulStop, "taskrunner-graceful-stop");
                    stopper.start();
                } else {
                    log.warn("SIG{} received again: stopping {} now", name, what);
                    Runtime.getRuntime().halt(EXIT_KILLED);
                }
            });
        }
    }
}
