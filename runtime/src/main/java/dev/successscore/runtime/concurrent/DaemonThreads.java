package dev.successscore.runtime.concurrent;

import java.util.concurrent.ThreadFactory;

/** Thread factories for a service's background work, which must not keep the JVM alive. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Daemon threads all called {@code name}. */
    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
