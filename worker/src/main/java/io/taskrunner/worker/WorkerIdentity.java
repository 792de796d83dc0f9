package io.taskrunner.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Names a worker process as {@code host:pid}, the value of a result's {@code worker} field. */
public final class WorkerIdentity {
    private WorkerIdentity() {
    }

    public static String ofThisProcess() {
        return host() + ":" + ProcessHandle.current().pid();
    }

    private static String host() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
