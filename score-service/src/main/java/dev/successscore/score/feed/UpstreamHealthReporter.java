package dev.successscore.score.feed;

import dev.successscore.runtime.concurrent.DaemonThreads;
import dev.successscore.runtime.feed.UpstreamStatus;
import dev.successscore.runtime.grpc.GrpcServer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reports each upstream's link through score-service's standard gRPC health service, under the
 * name {@code upstream/<name>} (for example {@code upstream/usage-service}): SERVING while its feed
 * is connected, NOT_SERVING while it cannot be reached. score-service itself keeps serving.
 */
public final class UpstreamHealthReporter implements AutoCloseable {

    public static final String PREFIX = "upstream/";

    private final GrpcServer server;
    private final UpstreamFeeds feeds;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("upstream-health"));

    public UpstreamHealthReporter(GrpcServer server, UpstreamFeeds feeds) {
        this.server = server;
        this.feeds = feeds;
    }

    /** Reports now, then every {@code periodMillis}. */
    public UpstreamHealthReporter start(long periodMillis) {
        scheduler.scheduleWithFixedDelay(this::report, 0, periodMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Reports every upstream's link once. */
    public void report() {
        for (String upstream : feeds.upstreams()) {
            boolean connected = feeds.status(upstream).map(UpstreamStatus::connected).orElse(false);
            server.reportComponent(PREFIX + upstream, connected);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
