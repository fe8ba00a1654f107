package dev.successscore.runtime.measure;

import dev.successscore.runtime.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads an owning service measures with: a pool of workers for {@link DueMeasurements} and one scheduler that
 * runs the due measurements every poll interval (and any other periodic task), each run logged and survived when it
 * fails.
 */
public final class BackgroundMeasuring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundMeasuring.class);
    /** Tenants measured per round, per worker: short rounds, so a tenant that falls due waits for little. */
    public static final int TENANTS_PER_WORKER_ROUND = 8;

    private final String name;
    private final ExecutorService workers;
    private final int workerCount;
    private final ScheduledExecutorService scheduler;

    /** @param name names the threads, e.g. {@code usage} */
    public BackgroundMeasuring(String name, int workerCount) {
        this.name = name;
        this.workerCount = workerCount;
        this.workers = Executors.newFixedThreadPool(workerCount, DaemonThreads.named(name + "-measure"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name + "-schedule"));
    }

    public ExecutorService workers() {
        return workers;
    }

    public int workerCount() {
        return workerCount;
    }

    /**
     * Measures the due tenants every {@code poll}, in short rounds one after the other until none is due, then
     * pauses for {@code poll}; a zero poll measures only when asked. (One long round would make every tenant wait
     * for the slowest share, and a pause after each round would cap the rate of measurements.)
     *
     * @param measureDue measures up to the given number of due tenants (e.g. {@link DueMeasurements#measureDue})
     *                   and says how many it measured
     */
    public void measureEvery(Duration poll, java.util.function.IntUnaryOperator measureDue) {
        if (!poll.isZero()) {
            int round = workerCount * TENANTS_PER_WORKER_ROUND;
            every(poll, "measuring due tenants", () -> {
                while (measureDue.applyAsInt(round) > 0 && !Thread.currentThread().isInterrupted()) {
                    // the next round: more tenants may have fallen due meanwhile
                }
            });
        }
    }

    /** Runs {@code task} every {@code interval}, logging a failure and trying again at the next one. */
    public void every(Duration interval, String what, Runnable task) {
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: {} failed; trying again in {}", name, what, interval, e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the scheduler (waiting for a run in progress), then the workers. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }
}
